import Foundation
import WebServer

/// Finds the route of each request, runs its handler, and turns errors into answers: an
/// `APIError` as its status and JSON body, anything else as a 500 that says nothing but the
/// request id (the error itself is logged under that id). Every request is counted and logged
/// once, by route name, status and duration.
public final class Router: Sendable {
    /// The routes, in the order they are tried.
    public let routes: [Route]
    private let log: ServiceLog
    private let metrics: Metrics

    /// A router over `routes`, logging to `log` and counting in `metrics`.
    public init(routes: [Route], log: ServiceLog, metrics: Metrics) {
        self.routes = routes
        self.log = log
        self.metrics = metrics
    }

    /// The route name used for requests that match no route.
    static let unmatched = "unmatched"

    /// Answers one request (on the web server's thread).
    public func handle(_ request: ServerRequest) -> ServerResponse {
        let started = ContinuousClock.now
        let (name, response) = dispatch(request)
        let seconds = (ContinuousClock.now - started).seconds
        metrics.recordRequest(route: name, status: response.status, seconds: seconds)
        log.request(
            id: request.id, method: request.method.rawValue, route: name, status: response.status, seconds: seconds)
        return response
    }

    private func dispatch(_ request: ServerRequest) -> (String, ServerResponse) {
        let method = request.method == .head ? ServerRequest.Method.get : request.method
        var allowed: [ServerRequest.Method] = []
        for route in routes {
            guard let parameters = route.pattern.match(request.pathComponents) else { continue }
            guard route.method == method else {
                if !allowed.contains(route.method) { allowed.append(route.method) }
                continue
            }
            do {
                return (route.name, try route.handler(Route.Request(request: request, parameters: parameters)))
            } catch let error as APIError {
                return (route.name, error.response)
            } catch {
                log.failure(requestId: request.id, route: route.name, error: error)
                return (route.name, APIError.internalError(requestId: request.id).response)
            }
        }
        if !allowed.isEmpty { return (Self.unmatched, APIError.methodNotAllowed(allowed).response) }
        return (Self.unmatched, APIError.noRoute.response)
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
