import Foundation

/// An absolute http(s) URL to download from, with the forms the guards and logs need.
struct MediaURL: Sendable, Hashable {
    let url: URL
    /// `http` or `https`.
    let scheme: String
    /// The host, lowercased, without IPv6 brackets (what the resolver is asked).
    let host: String
    /// The explicit port, or the scheme's default.
    let port: Int

    /// Parses `string`; throws ``MediaError/invalidURL(_:)`` for anything but http(s) with a host.
    init(_ string: String) throws(MediaError) {
        guard let url = URL(string: string) else { throw .invalidURL(Self.withoutQuery(string)) }
        try self.init(url)
    }

    init(_ url: URL) throws(MediaError) {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host?.lowercased(), !host.isEmpty
        else { throw .invalidURL(Self.withoutQuery(url.absoluteString)) }
        self.url = url
        self.scheme = scheme
        self.host = host
        self.port = url.port ?? (scheme == "https" ? 443 : 80)
    }

    /// The `Location` of a redirect, resolved against this URL; nil when it is not http(s).
    func resolving(location: String) -> MediaURL? {
        guard let target = URL(string: location, relativeTo: url)?.absoluteURL else { return nil }
        return try? MediaURL(target)
    }

    /// Scheme, host, port and path only: what errors and logs may show (a query may carry a
    /// signed token, user info a password).
    var redacted: String {
        let explicitPort = url.port.map { ":\($0)" } ?? ""
        return "\(scheme)://\(hostForAuthority)\(explicitPort)\(url.path)"
    }

    /// True when `allowedHosts` names this URL's host, or its `host:port` (IPv6 as `[::1]:port`).
    func isAllowed(by allowedHosts: Set<String>) -> Bool {
        allowedHosts.contains { entry in
            let entry = entry.lowercased()
            return entry == host || entry == hostForAuthority || entry == "\(hostForAuthority):\(port)"
        }
    }

    /// The host as written in a URL's authority: IPv6 literals in brackets.
    private var hostForAuthority: String { host.contains(":") ? "[\(host)]" : host }

    /// A string that did not parse, cut before its query or fragment.
    private static func withoutQuery(_ string: String) -> String {
        String(string.prefix { $0 != "?" && $0 != "#" })
    }
}
