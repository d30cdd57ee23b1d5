import Crypto
import Foundation
import JSON
import WebServer

/// The HTTP routes: Usetrace's API under `/api`, the simulator's controls under `/_sim`.
extension Simulator {
    /// Answers one request (called on the web server's threads; blocks only for configured delays).
    func handle(_ request: ServerRequest) -> ServerResponse {
        let parts = request.pathComponents
        switch parts.first {
        case "api":
            if let refusal = checkKey(request) { return refusal }
            return api(request, Array(parts.dropFirst()))
        case "_sim":
            return control(request, Array(parts.dropFirst()))
        default:
            return .text("no such path: \(request.path)\n", status: 404)
        }
    }

    // MARK: Usetrace's API

    private func api(_ request: ServerRequest, _ parts: [String]) -> ServerResponse {
        switch (parts.count, parts.first, parts.last) {
        case (3, "trace", "execute"):
            guard request.method == .post else { return methodNotAllowed("POST") }
            return start(.trace(parts[1]), request, allowsTags: false)
        case (3, "project", "execute-all"):
            guard request.method == .post else { return methodNotAllowed("POST") }
            return start(.project(parts[1], tags: nil), request, allowsTags: true)
        case (3, "build", "status"):
            guard request.method == .get || request.method == .head else { return methodNotAllowed("GET") }
            return status(of: parts[1])
        case (4, "build", "json") where parts[2] == "results", (4, "build", "junit") where parts[2] == "results":
            guard request.method == .get || request.method == .head else { return methodNotAllowed("GET") }
            return results(of: parts[1], format: parts[3])
        default:
            return .text("no such API call: \(request.path)\n", status: 404)
        }
    }

    /// Refuses an API call without the configured key (401); `nil` lets it through.
    private func checkKey(_ request: ServerRequest) -> ServerResponse? {
        guard let required = store.configuration.requiredKey else { return nil }
        guard let given = request.query["key"] else {
            store.logRefused(path: request.rawPath, reason: "missing key")
            return .text("an API key is required\n", status: 401)
        }
        guard Digest.constantTimeEquals(given, required) else {
            store.logRefused(path: request.rawPath, reason: "wrong key")
            return .text("the API key is not valid\n", status: 401)
        }
        return nil
    }

    /// Starts a build. Order: the configured delay, then a configured fault (before the body is
    /// even read, like an overloaded front end), then the body's checks (400), then the build.
    private func start(_ target: Build.Target, _ request: ServerRequest, allowsTags: Bool) -> ServerResponse {
        let faults = store.configuration.faults
        if faults.slowStartMs > 0 { Thread.sleep(forTimeInterval: Double(faults.slowStartMs) / 1000) }
        if let status = store.startFault(path: request.rawPath) {
            return .text("simulated failure to start\n", status: status)
        }
        let body: StartRequest
        do {
            body = try StartRequest(body: request.body, allowsTags: allowsTags)
        } catch {
            return .text("bad request: \(error.message)\n", status: 400)
        }
        var buildTarget = target
        if case .project(let project, _) = target { buildTarget = .project(project, tags: body.tags) }
        let build = store.start(buildTarget, body)
        scheduleFinish(of: build)
        return .text(build.id)
    }

    private func status(of id: String) -> ServerResponse {
        let delay = store.configuration.faults.slowStatusMs
        if delay > 0 { Thread.sleep(forTimeInterval: Double(delay) / 1000) }
        let (answer, work) = store.status(of: id)
        perform(work)
        switch answer {
        case .unknown, .notYetVisible:
            return .text("build not found\n", status: 404)
        case .status(let status, let summary):
            let json: JSONValue = [
                "id": .string(id), "status": .string(status.rawValue),
                "summary": [
                    "request": .int(Int64(summary.request)), "finish": .int(Int64(summary.finish)),
                    "pass": .int(Int64(summary.pass)), "fail": .int(Int64(summary.fail)),
                ],
            ]
            return .json(json.canonicalText)
        }
    }

    /// Results exist only once the build is FINISHED; before that the answer is 404, as for an unknown build.
    private func results(of id: String, format: String) -> ServerResponse {
        let (answer, work) = store.results(of: id, format: format)
        perform(work)
        switch answer {
        case .unknown: return .text("build not found\n", status: 404)
        case .notFinished: return .text("build has not finished\n", status: 404)
        case .finished(let build):
            if format == "junit" {
                return ServerResponse(
                    status: 200, headers: ["Content-Type": "application/xml; charset=utf-8"],
                    body: Array(build.junitXML.utf8))
            }
            return .json(build.resultsBytes)
        }
    }

    private func methodNotAllowed(_ allowed: String) -> ServerResponse {
        var response = ServerResponse.text("method not allowed\n", status: 405)
        response.headers["Allow"] = allowed
        return response
    }

    // MARK: The simulator's controls

    private func control(_ request: ServerRequest, _ parts: [String]) -> ServerResponse {
        switch (request.method, parts) {
        case (.get, ["log"]):
            let after = request.query["after"].flatMap { Int64($0) } ?? 0
            return .json(JSONValue.array(store.events(after: after)).canonicalText)
        case (.post, ["reset"]):
            store.reset()
            return .json(#"{"ok":true}"#)
        case (.post, ["config"]):
            do {
                let json = try JSONValue.parse(Data(request.body))
                store.replaceConfiguration(try SimulatorConfiguration(json: json))
                return .json(#"{"ok":true}"#)
            } catch let error as ConfigurationError {
                return .json(#"{"error":\#(JSONValue.quoted(error.message))}"#, status: 400)
            } catch {
                return .json(#"{"error":"the body is not JSON"}"#, status: 400)
            }
        default:
            return .text("no such simulator control: \(request.method) \(request.path)\n", status: 404)
        }
    }
}
