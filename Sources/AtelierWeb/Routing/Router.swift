import FastCGI

/// A handler for one route. Throwing a `WebError` gives the matching error page; any other
/// error gives the 500 page (details go to the log, never to the page).
public typealias RouteHandler = @Sendable (RequestContext) async throws -> Response

/// Matches a method and a path against patterns such as `/tasks/:id`; `:name` segments become
/// parameters. `HEAD` is served by the `GET` route.
public struct Router: Sendable {
    /// The outcome of matching a request.
    public enum Match: Sendable {
        case found(RouteHandler, access: Access, parameters: [String: String])
        /// The path exists, but not for this method; carries the methods it has.
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    private struct Route: Sendable {
        let method: String
        let segments: [Segment]
        let access: Access
        let handler: RouteHandler
    }

    private enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    private var routes: [Route] = []

    public init() {}

    /// Adds a route. Patterns are literal segments and `:name` parameters; `access` says who may use it.
    public mutating func add(_ method: String, _ pattern: String, access: Access, _ handler: @escaping RouteHandler) {
        let segments = pattern.split(separator: "/").map { part -> Segment in
            part.hasPrefix(":") ? .parameter(String(part.dropFirst())) : .literal(String(part))
        }
        routes.append(Route(method: method.uppercased(), segments: segments, access: access, handler: handler))
    }

    public mutating func get(_ pattern: String, access: Access, _ handler: @escaping RouteHandler) {
        add("GET", pattern, access: access, handler)
    }

    public mutating func post(_ pattern: String, access: Access, _ handler: @escaping RouteHandler) {
        add("POST", pattern, access: access, handler)
    }

    /// Finds the route for a method and decoded path.
    public func match(method: String, path: String) -> Match {
        let wanted = method == "HEAD" ? "GET" : method
        // Split on the bytes: a path is matched segment by segment, never by grapheme.
        let parts = path.utf8.split(separator: UInt8(ascii: "/")).map { Substring($0) }
        var allowed: [String] = []
        for route in routes {
            guard let parameters = Self.bind(route.segments, to: parts) else { continue }
            if route.method == wanted { return .found(route.handler, access: route.access, parameters: parameters) }
            allowed.append(route.method)
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
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
