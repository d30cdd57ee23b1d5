import JSON
import PlanCompiler
import WebServer

/// `POST /api/v1/plans/validate`: compiles the body and says whether it could be scheduled here,
/// `{"valid": bool, "errors": […], "warnings": […], "compiled": plan or null}`; stores nothing.
enum ValidateRoute {
    static func routes(_ context: RouteContext) -> [Route] {
        [
            Route(.post, "/api/v1/plans/validate") { request in
                let result = PlanSubmission.compileBody(request.request)
                var errors = result.errors.map(PlanSubmission.detail)
                if let plan = result.plan, !context.allowsCommands {
                    for cell in plan.cells where cell.kind == .command {
                        errors.append([
                            "severity": "error", "step": .string(cell.stepId),
                            "message": .string(
                                "step '\(cell.stepId)' runs a command, which this service does not allow (--allow-commands)"
                            ),
                        ])
                    }
                }
                let body: JSONValue = [
                    "valid": .bool(errors.isEmpty), "errors": .array(errors),
                    "warnings": .array(result.warnings.map(PlanSubmission.detail)),
                    "compiled": result.plan?.jsonValue ?? .null,
                ]
                return .json(body.canonicalText)
            }
        ]
    }
}
