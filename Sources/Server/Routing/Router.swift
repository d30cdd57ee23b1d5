import Foundation
import WebServer

/// Finds the route of each request, runs its handler, and turns errors into answers: an
/// `APIError` as its status and JSON body, anything else as a 500 that says nothing but the
/// request id (the error itself is logged under that id). Every request is counted and logged
/// once, by route name, status and duration: those it answers by `handle`, those the web server
/// refused itself (a body over the limit) through `observer`, both by `record`.
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
        record(
            id: request.id, method: request.method, route: name, status: response.status,
            seconds: (ContinuousClock.now - started).seconds)
        return response
    }

    /// What the web server should tell this router: the requests it refused without calling
    /// `handle` (counted and logged here under the route they were meant for), and its notices
    /// (logged). Requests `handle` answered were recorded by it already.
    public var observer: WebServer.Observer {
        WebServer.Observer(
            answered: { [self] answered in
                guard answered.refusal != nil else { return }
                record(
                    id: answered.id, method: answered.method, route: routeName(answered.method, answered.target),
                    status: answered.status, seconds: answered.duration.seconds)
            },
            notice: { [log] notice in
                switch notice {
                case .library(let message): log.event("http.library", ["message": .string(message)])
                case .deadlinePassed(let count): log.event("http.deadline", ["connections": .int(Int64(count))])
                }
            })
    }

    /// Counts and logs one answered request: the one place every answer goes through.
    private func record(id: String, method: ServerRequest.Method, route: String, status: Int, seconds: Double) {
        metrics.recordRequest(route: route, status: status, seconds: seconds)
        log.request(id: id, method: method.rawValue, route: route, status: status, seconds: seconds)
    }

    /// The name of the route `method` and `target` would reach, or `unmatched`; never the path.
    func routeName(_ method: ServerRequest.Method, _ target: String) -> String {
        let components = ServerRequest(method: method, target: target).pathComponents
        let method = method == .head ? ServerRequest.Method.get : method
        let route = routes.first { $0.method == method && $0.pattern.match(components) != nil }
        return route?.name ?? Self.unmatched
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
