import Foundation
import Store
import WebServer

/// Who is calling: the client id presented in `Authorization`, and what it may see.
///
/// A client id is a secret: it is looked up by its SHA-256 (the store keeps no id) and never
/// repeated in an answer or a log line.
enum ClientAccess {
    /// The client id presented: `Authorization: Bearer <id>`, or HTTP Basic with the id as the
    /// password (or as the user name with an empty password), which is how a browser can send it.
    static func presentedId(_ request: ServerRequest) -> String? {
        guard let value = request.headers["Authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[1].isEmpty else { return nil }
        switch parts[0].lowercased() {
        case "bearer":
            return parts[1]
        case "basic":
            guard let data = Data(base64Encoded: parts[1]), let text = String(data: data, encoding: .utf8),
                let colon = text.firstIndex(of: ":")
            else { return nil }
            let user = String(text[..<colon])
            let password = String(text[text.index(after: colon)...])
            let id = password.isEmpty ? user : password
            return id.isEmpty ? nil : id
        default:
            return nil
        }
    }

    /// The client whose id the request presents; throws 401 without one, 404 for an id no client has.
    static func requireClient(_ request: ServerRequest, store: Store) throws -> ClientRecord {
        guard let id = presentedId(request) else { throw APIError.missingClient }
        guard let client = try store.client(presentedId: id) else { throw APIError.unknownClient }
        return client
    }

    /// The client whose runs a read may show: `nil` (every run) on an open service; on a
    /// private one (`serve --private`) the presenting client, and a read without one is refused.
    static func readScope(_ request: ServerRequest, store: Store, isPrivate: Bool) throws -> String? {
        guard isPrivate else { return nil }
        return try requireClient(request, store: store).name
    }

    /// Refuses (404, as for a run that does not exist) a run outside the reader's scope.
    static func checkVisible(_ run: RunRecord, scope: String?) throws {
        if let scope, run.clientName != scope { throw APIError.unknownRun }
    }
}
