/// A route's path, `/api/v1/runs/{id}`: literal segments and named parameters.
///
/// Matched against a request's decoded path segments, with empty segments dropped, so a final
/// `/` (as the original service's clients send it, `/getRuns/`) makes no difference.
public struct PathPattern: Sendable, Hashable, CustomStringConvertible {
    /// One segment of the pattern.
    public enum Segment: Sendable, Hashable {
        /// Must equal the request's segment.
        case literal(String)
        /// Takes any one non-empty segment, under this name.
        case parameter(String)
    }

    /// The segments, in order.
    public let segments: [Segment]
    /// The pattern as written.
    public let description: String

    /// A pattern from its text, e.g. `/webhook/{runId}/{token}`.
    public init(_ text: String) {
        description = text
        segments = text.split(separator: "/").map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") {
                return .parameter(String(part.dropFirst().dropLast()))
            }
            return .literal(String(part))
        }
    }

    /// The parameters when `components` (a request's path segments) fit the pattern; `nil` otherwise.
    public func match(_ components: [String]) -> [String: String]? {
        guard components.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, component) in zip(segments, components) {
            switch segment {
            case .literal(let text):
                guard text == component else { return nil }
            case .parameter(let name):
                parameters[name] = component
            }
        }
        return parameters
    }

    /// The pattern in OpenAPI's notation (the same braces).
    public var openAPIPath: String { description }
}
