import Executor
import Foundation
import HTTPClient
import JSON
import PlanCompiler

/// What `orch run --dry-run` shows: every cell stage by stage, with the Usetrace call that would
/// start it (method, URL, body) or the command and folder it would run. Nothing is started or stored.
///
/// The API key is never shown (`key=<redacted>`), nor a webhook secret; webhook URLs show
/// placeholders for the run id and token that a real run makes.
struct DryRun {
    var plan: CompiledPlan
    var environment: RunEnvironment
    /// The folder command steps would run in.
    var workingDirectory: String

    /// The call or command of each cell, as JSON.
    func step(_ cell: CompiledCell) -> JSONValue {
        var entry: [String: JSONValue] = [
            "seq": .int(Int64(cell.seq)), "stage": .int(Int64(cell.stage)), "id": .string(cell.stepId),
            "kind": .string(cell.kind.rawValue), "timeoutSeconds": .int(Int64(cell.timeoutSeconds)),
        ]
        switch cell.kind {
        case .command:
            entry["command"] = .string(cell.target)
            entry["workingDirectory"] = .string(workingDirectory)
        case .trace, .tag:
            let (path, body) = start(cell)
            entry["method"] = "POST"
            entry["url"] = .string(url(path))
            entry["body"] = body
        }
        return .object(entry)
    }

    /// The whole dry run as one JSON document.
    var json: JSONValue {
        [
            "dryRun": true,
            "plan": ["name": .string(plan.name), "hash": .string(plan.hash)],
            "stages": .int(Int64(plan.stageCount)),
            "cells": .int(Int64(plan.cells.count)),
            "usetraceUrl": .string(environment.usetraceURL),
            "pollIntervalMs": .int(environment.pollMilliseconds),
            "webhooks": .bool(environment.publicURL != nil),
            "calls": .array(plan.cells.map(step)),
        ]
    }

    /// The dry run for people.
    var text: String {
        let cells = plan.cells.count
        var out =
            "dry run of plan \(plan.name) \(plan.hash): \(plan.stageCount) stage\(plan.stageCount == 1 ? "" : "s"), "
        out += "\(cells) cell\(cells == 1 ? "" : "s"); nothing is started or stored\n"
        out += "order \(plan.order.rawValue), onFailure \(plan.onFailure.rawValue), "
        out += "maxParallel \(plan.maxParallel.map(String.init) ?? "all")\n"
        out += "Usetrace \(environment.usetraceURL), API key \(environment.usetraceKey == nil ? "none" : "given")"
        out += ", webhooks " + (environment.publicURL.map { webhookURL($0) } ?? "none (polling only)") + "\n"
        var stage = 0
        for cell in plan.cells {
            if cell.stage != stage {
                stage = cell.stage
                out += "stage \(stage)\n"
            }
            let label = cell.browserName.map { "\(cell.stepId)/\($0)" } ?? cell.stepId
            switch cell.kind {
            case .command:
                out += "  cell \(cell.seq) \(label): run \(cell.target) in \(workingDirectory)\n"
            case .trace, .tag:
                let (path, body) = start(cell)
                out += "  cell \(cell.seq) \(label): POST \(url(path)) \(body.canonicalText)\n"
            }
        }
        out += "Each build is then followed with GET /api/build/BUILD/status every "
        out += LiveFrame.elapsed(Double(environment.pollMilliseconds) / 1000)
        out += " and GET /api/build/BUILD/results/json once FINISHED.\n"
        return out
    }

    /// The path and body of a cell's start, as `UsetraceClient` sends them.
    private func start(_ cell: CompiledCell) -> (String, JSONValue) {
        var body: [String: JSONValue] = ["requiredCapabilities": .array([.object(cell.capability ?? [:])])]
        if let baseUrl = plan.baseUrl { body["baseUrl"] = .string(baseUrl) }
        if !plan.parameters.isEmpty { body["parameters"] = .object(plan.parameters) }
        if let publicURL = environment.publicURL {
            body["reporters"] = [
                [
                    "webhook": [
                        "url": .string(webhookURL(publicURL)), "when": "always", "secretKey": .string(Redaction.mask),
                    ]
                ]
            ]
        }
        switch cell.kind {
        case .tag:
            body["tags"] = [.string(cell.target)]
            return ("/api/project/\(Self.encode(plan.project ?? ""))/execute-all", .object(body))
        default:
            return ("/api/trace/\(Self.encode(cell.target))/execute", .object(body))
        }
    }

    private func url(_ path: String) -> String {
        var base = environment.usetraceURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + path + (environment.usetraceKey == nil ? "" : "?key=" + Redaction.mask)
    }

    private func webhookURL(_ publicURL: String) -> String {
        WebhookURL.make(publicURL: publicURL, runId: "<run id>", token: "<token>")
    }

    /// A path segment percent-encoded (everything but RFC 3986's unreserved characters).
    static func encode(_ segment: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }
}
