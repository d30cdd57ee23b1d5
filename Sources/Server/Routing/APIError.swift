import HTTPTypes
import JSON
import WebServer

/// An error a route answers with: its HTTP status and the contract's JSON body,
/// `{"error": {"code": "…", "message": "…", "details": […]}}` (interfaces.md, "HTTP").
///
/// Messages never hold a secret (client id, API key, token, webhook secret). Any other error a
/// route throws becomes a 500 that says nothing but the request id (`Router`).
public struct APIError: Error, Sendable, Hashable {
    /// The HTTP status (4xx or 5xx).
    public var status: Int
    /// A stable, machine-readable code, e.g. `unknown_client`.
    public var code: String
    /// A sentence for people.
    public var message: String
    /// Further items: one per plan problem, for example.
    public var details: [JSONValue]
    /// Extra header fields of the answer (`Allow`, `WWW-Authenticate`).
    public var headers: HTTPFields

    /// An error answer.
    public init(status: Int, code: String, message: String, details: [JSONValue] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    /// The JSON body.
    public var json: JSONValue {
        ["error": ["code": .string(code), "message": .string(message), "details": .array(details)]]
    }

    /// The answer: the status, the JSON body and the extra fields.
    public var response: ServerResponse {
        var response = ServerResponse.json(json.canonicalText, status: status)
        for field in headers { response.headers[field.name] = field.value }
        return response
    }
}

extension APIError {
    /// No route has this path.
    static let noRoute = APIError(status: 404, code: "not_found", message: "no such path")

    /// The path exists, but not for this method.
    static func methodNotAllowed(_ allowed: [ServerRequest.Method]) -> APIError {
        let names = allowed.map(\.rawValue).joined(separator: ", ")
        return APIError(
            status: 405, code: "method_not_allowed", message: "this path takes \(names)", headers: ["Allow": names])
    }

    /// No client has the id presented (it is not repeated: it is a secret).
    static let unknownClient = APIError(status: 404, code: "unknown_client", message: "no client has that id")

    /// A call that needs a client id came without one.
    static let missingClient = APIError(
        status: 401, code: "unauthorized", message: "this call needs a client id: Authorization: Bearer <clientId>",
        headers: ["WWW-Authenticate": #"Bearer realm="orch""#])

    /// The client is not the one that created the run.
    static let notYourRun = APIError(
        status: 403, code: "forbidden", message: "only the client that created the run may change it")

    /// No run has the id.
    static let unknownRun = APIError(status: 404, code: "unknown_run", message: "no run has that id")

    /// A webhook token that names no attempt of the run.
    static let unknownToken = APIError(
        status: 404, code: "unknown_token", message: "the webhook URL names no attempt of that run")

    /// The request cannot be understood.
    static func badRequest(_ message: String, details: [JSONValue] = []) -> APIError {
        APIError(status: 400, code: "bad_request", message: message, details: details)
    }

    /// The run has ended already, so it cannot be changed that way.
    static func runEnded(_ status: String) -> APIError {
        APIError(status: 409, code: "run_ended", message: "the run has ended already (\(status))")
    }

    /// The run has not ended, so it cannot be rerun yet.
    static let runNotEnded = APIError(
        status: 409, code: "run_not_ended", message: "the run has not ended yet: cancel it or wait for its end")

    /// The database does not answer.
    static let unavailable = APIError(
        status: 503, code: "unavailable", message: "the database does not answer")

    /// Anything unexpected: the answer says only which request it was (the details are logged).
    static func internalError(requestId: String) -> APIError {
        APIError(
            status: 500, code: "internal", message: "internal error; the server's log has it under request \(requestId)"
        )
    }
}
