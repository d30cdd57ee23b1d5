import JSON
import PlanCompiler
import WebServer

/// Reads a plan from a request body: a version 1 plan (JSON or YAML, by `Content-Type`) or the
/// original service's order JSON, compiled as a whole; every problem is listed in a 400.
enum PlanSubmission {
    /// The bodies compiled lately (the same plan comes again and again from CI).
    static let cache = CompileCache()

    /// The compiled plan of `request`'s body; a 400 listing every error (and warning) when it does
    /// not compile, or when it has command steps and the service does not allow them.
    static func compile(_ request: ServerRequest, allowsCommands: Bool) throws -> CompiledPlan {
        let result = compileBody(request)
        guard let plan = result.plan else {
            let count = result.errors.count
            throw APIError(
                status: 400, code: "invalid_plan",
                message: "the plan has \(count) error\(count == 1 ? "" : "s")",
                details: result.diagnostics.map(detail))
        }
        if !allowsCommands {
            let commands = plan.cells.filter { $0.kind == .command }
            if !commands.isEmpty {
                throw APIError(
                    status: 400, code: "commands_not_allowed",
                    message:
                        "this service does not run command steps ('run:'): start it with --allow-commands to allow them",
                    details: commands.map { commandDetail($0, file: fileName(for: request)) })
            }
        }
        return plan
    }

    /// The compile result of `request`'s body (for `POST /api/v1/plans/validate` too).
    static func compileBody(_ request: ServerRequest) -> CompileResult {
        cache.compile(request.body, fileName: fileName(for: request))
    }

    /// The name diagnostics give the body: `order.json` for JSON (the original service's orders
    /// are JSON, and the plan takes the file's name when it names none), `plan.yaml` otherwise.
    static func fileName(for request: ServerRequest) -> String {
        let type = request.headers["Content-Type"]?.lowercased() ?? ""
        if type.contains("yaml") { return "plan.yaml" }
        if type.contains("json") { return "order.json" }
        let first = request.body.first { ![9, 10, 13, 32].contains($0) }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[") ? "order.json" : "plan.yaml"
    }

    /// A command step the service refuses, shaped as the other problems of a 400 are (the compiled
    /// cell keeps no position, so it has no `line` and `column`), with its `step` and `command`.
    static func commandDetail(_ cell: CompiledCell, file: String) -> JSONValue {
        [
            "severity": "error", "file": .string(file),
            "message": .string("step '\(cell.stepId)' runs a command, which this service does not allow"),
            "step": .string(cell.stepId), "command": .string(cell.target),
        ]
    }

    /// One problem as the 400's `details` (and the validate answer) list it.
    static func detail(_ diagnostic: Diagnostic) -> JSONValue {
        [
            "severity": .string(diagnostic.severity.rawValue), "file": .string(diagnostic.location.file),
            "line": .int(Int64(diagnostic.location.line)), "column": .int(Int64(diagnostic.location.column)),
            "message": .string(diagnostic.message),
        ]
    }
}
