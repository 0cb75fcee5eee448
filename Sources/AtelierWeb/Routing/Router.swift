import FastCGI

/// A handler for one route. Throwing a `WebError` gives the matching error page; any other
/// error gives the 500 page (details go to the log, never to the page).
public typealias RouteHandler = @Sendable (RequestContext) async throws -> Response

/// A route's answer for a signed-out `GET` that needs no waiting (a health check, a page
/// rendered ahead), given on the worker thread before any task starts; nil leaves the request
/// to the route's `RouteHandler`.
public typealias ImmediateHandler = @Sendable (RequestContext) -> Response?

/// Matches a method and a path against patterns such as `/tasks/:id`; `:name` segments become
/// parameters. `HEAD` is served by the `GET` route. A path that is exactly a route without
/// parameters goes to that route; otherwise routes are tried in the order they were added.
public struct Router: Sendable {
    /// The outcome of matching a request.
    public enum Match: Sendable {
        case found(RouteHandler, immediate: ImmediateHandler?, access: Access, parameters: [String: String])
        /// The path exists, but not for this method; carries the methods it has.
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    private struct Route: Sendable {
        let method: String
        let segments: [Segment]
        let access: Access
        let immediate: ImmediateHandler?
        let handler: RouteHandler
    }

    private enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    private var routes: [Route] = []
    /// Routes without parameters by their path (`/a/b`), in the order added: most requests are
    /// found by one lookup instead of a walk over every route.
    private var routesByLiteralPath: [String: [Int]] = [:]

    /// Limits the routes registered with `holdsWorker` (see `LongRequestGate`).
    public let longRequests: LongRequestGate

    public init(longRequests: LongRequestGate = LongRequestGate(workerCount: 8)) {
        self.longRequests = longRequests
    }

    /// Adds a route. Patterns are literal segments and `:name` parameters; `access` says who may
    /// use it; `immediate`, when given (routes open to `.anyone` only), is tried first for
    /// signed-out `GET`s (see `ImmediateHandler`). `holdsWorker` marks a route that may hold its
    /// worker thread for long (a stream, a call to a relay): it runs under `longRequests`.
    public mutating func add(_ method: String, _ pattern: String, access: Access, immediate: ImmediateHandler? = nil,
                             holdsWorker: Bool = false, _ handler: @escaping RouteHandler) {
        precondition(immediate == nil || access == .anyone, "an immediate answer skips sign-in: only for routes open to anyone")
        precondition(!holdsWorker || access != .anyone, "long requests are counted per member: only for signed-in routes")
        var run = handler
        if holdsWorker {
            let gate = longRequests
            run = { context in try await gate.run(context, handler) }
        }
        let segments = pattern.split(separator: "/").map { part -> Segment in
            part.hasPrefix(":") ? .parameter(String(part.dropFirst())) : .literal(String(part))
        }
        if !segments.contains(where: { if case .parameter = $0 { true } else { false } }) {
            routesByLiteralPath["/" + pattern.split(separator: "/").joined(separator: "/"), default: []].append(routes.count)
        }
        routes.append(Route(method: method.uppercased(), segments: segments, access: access, immediate: immediate, handler: run))
    }

    public mutating func get(_ pattern: String, access: Access, immediate: ImmediateHandler? = nil,
                             _ handler: @escaping RouteHandler) {
        add("GET", pattern, access: access, immediate: immediate, handler)
    }

    public mutating func post(_ pattern: String, access: Access, holdsWorker: Bool = false, _ handler: @escaping RouteHandler) {
        add("POST", pattern, access: access, holdsWorker: holdsWorker, handler)
    }

    /// Finds the route for a method and decoded path.
    public func match(method: String, path: String) -> Match {
        let wanted = method == "HEAD" ? "GET" : method
        if let route = literalRoute(path, method: wanted) {
            return .found(route.handler, immediate: route.immediate, access: route.access, parameters: [:])
        }
        // Split on the bytes: a path is matched segment by segment, never by grapheme.
        let parts = path.utf8.split(separator: UInt8(ascii: "/")).map { Substring($0) }
        let canonical = "/" + parts.joined(separator: "/")
        if canonical != path, let route = literalRoute(canonical, method: wanted) {
            return .found(route.handler, immediate: route.immediate, access: route.access, parameters: [:])
        }
        var allowed: [String] = []
        for route in routes {
            guard let parameters = Self.bind(route.segments, to: parts) else { continue }
            if route.method == wanted {
                return .found(route.handler, immediate: route.immediate, access: route.access, parameters: parameters)
            }
            allowed.append(route.method)
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }

    /// The route without parameters at exactly this path (`/a/b`) for this method.
    private func literalRoute(_ path: String, method: String) -> Route? {
        guard let indices = routesByLiteralPath[path] else { return nil }
        for index in indices where routes[index].method == method { return routes[index] }
        return nil
    }

    private static func bind(_ segments: [Segment], to parts: [Substring]) -> [String: String]? {
        guard segments.count == parts.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let literal): if literal != part { return nil }
            case .parameter(let name): parameters[name] = String(part)
            }
        }
        return parameters
    }
}
