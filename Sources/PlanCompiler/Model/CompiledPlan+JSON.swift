import JSON

extension CompiledPlan {
    /// The JSON form of plan-format.md (with `hash`).
    public var jsonValue: JSONValue {
        var members = contentJSON
        members["hash"] = .string(hash)
        return .object(members)
    }

    /// Everything but the hash: the canonical text of this object is what the hash covers.
    var contentJSON: [String: JSONValue] {
        [
            "name": .string(name),
            "project": project.map(JSONValue.string) ?? .null,
            "baseUrl": baseUrl.map(JSONValue.string) ?? .null,
            "parameters": .object(parameters),
            "order": .string(order.rawValue),
            "onFailure": .string(onFailure.rawValue),
            "maxParallel": maxParallel.map { .int(Int64($0)) } ?? .null,
            "stages": .int(Int64(stageCount)),
            "cells": .int(Int64(cells.count)),
            "steps": .array(cells.map(\.jsonValue)),
        ]
    }

    /// Reads a compiled plan back from its JSON form (as stored); `nil` if the document is not one.
    public init?(json: JSONValue) {
        guard let o = json.objectValue,
            let name = o["name"]?.stringValue,
            let hash = o["hash"]?.stringValue,
            let stages = o["stages"]?.intValue,
            let steps = o["steps"]?.arrayValue
        else { return nil }
        var cells: [CompiledCell] = []
        cells.reserveCapacity(steps.count)
        for step in steps {
            guard let cell = CompiledCell(json: step) else { return nil }
            cells.append(cell)
        }
        self.init(
            name: name, hash: hash, project: o["project"]?.stringValue, baseUrl: o["baseUrl"]?.stringValue,
            parameters: o["parameters"]?.objectValue ?? [:],
            order: o["order"]?.stringValue.flatMap(RunOrder.init(rawValue:)) ?? .stage,
            onFailure: o["onFailure"]?.stringValue.flatMap(FailurePolicy.init(rawValue:)) ?? .stop,
            maxParallel: o["maxParallel"]?.intValue.map { Int($0) }, stageCount: Int(stages), cells: cells)
    }
}

extension CompiledCell {
    /// One entry of `steps` in the compiled plan's JSON.
    public var jsonValue: JSONValue {
        .object([
            "seq": .int(Int64(seq)),
            "stage": .int(Int64(stage)),
            "id": .string(stepId),
            "kind": .string(kind.rawValue),
            "target": .string(target),
            "capability": capability.map(JSONValue.object) ?? .null,
            "lane": lane.map { .int(Int64($0)) } ?? .null,
            "timeoutSeconds": .int(Int64(timeoutSeconds)),
            "retries": .int(Int64(retries)),
            "continueOnError": .bool(continueOnError),
            "needs": .array(needs.map(JSONValue.string)),
        ])
    }

    /// Reads one `steps` entry back; `nil` if it is not one.
    public init?(json: JSONValue) {
        guard let o = json.objectValue,
            let seq = o["seq"]?.intValue, let stage = o["stage"]?.intValue,
            let id = o["id"]?.stringValue,
            let kind = o["kind"]?.stringValue.flatMap(StepKind.init(rawValue:)),
            let target = o["target"]?.stringValue,
            let timeout = o["timeoutSeconds"]?.intValue
        else { return nil }
        self.init(
            seq: Int(seq), stage: Int(stage), stepId: id, kind: kind, target: target,
            capability: o["capability"]?.objectValue, lane: o["lane"]?.intValue.map { Int($0) },
            timeoutSeconds: Int(timeout), retries: Int(o["retries"]?.intValue ?? 0),
            continueOnError: o["continueOnError"]?.boolValue ?? false,
            needs: o["needs"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }
}
