import Foundation
import Hummingbird

/// How a route checks credentials.
enum AuthScheme: Sendable {
    /// Public (generated files, `/mj/image/{id}`).
    case none
    /// `Authorization: Bearer sk-…` or `x-api-key`.
    case relay
    /// As `.relay`, plus `mj-api-secret` when Authorization is empty or `midjourney-proxy`.
    case midjourney
    /// The new-api dashboard credential of `/api/user/self` (§3.5).
    case dashboard
    /// Img Open access key pair, or a relay token.
    case imgOpen
}

/// One registered endpoint.
struct Route: Sendable {
    typealias Handler = @Sendable (SimRequest) async throws -> Response

    let method: HTTPRequest.Method
    /// Path segments; `{name}` captures one segment.
    let pattern: [String]
    let family: ErrorFamily
    let auth: AuthScheme
    let handler: Handler

    /// The captured parameters when `segments` match the pattern.
    func match(_ segments: [Substring]) -> [String: String]? {
        guard segments.count == pattern.count else { return nil }
        var captured: [String: String] = [:]
        for (part, segment) in zip(pattern, segments) {
            if part.hasPrefix("{") && part.hasSuffix("}") {
                captured[String(part.dropFirst().dropLast())] = String(segment).removingPercentEncoding ?? String(segment)
            } else if part != segment {
                return nil
            }
        }
        return captured
    }
}

/// The list of routes, filled by each family's `register` function.
struct RouteTable: Sendable {
    private(set) var routes: [Route] = []

    /// Registers `handler` for every path in `paths`.
    mutating func add(
        _ method: HTTPRequest.Method, _ paths: [String], family: ErrorFamily, auth: AuthScheme = .relay,
        _ handler: @escaping Route.Handler
    ) {
        for path in paths {
            let pattern = path.split(separator: "/").map(String.init)
            routes.append(Route(method: method, pattern: pattern, family: family, auth: auth, handler: handler))
        }
    }

    /// `path` and, for OpenAI-style relays that accept both, the same path without `/v1`.
    static func withAndWithoutV1(_ path: String) -> [String] {
        [path, String(path.dropFirst(3))]
    }

    func route(_ method: HTTPRequest.Method, _ path: String) -> (Route, [String: String])? {
        let segments = path.split(separator: "/")
        for route in routes where route.method == method {
            if let captured = route.match(segments) { return (route, captured) }
        }
        return nil
    }
}
