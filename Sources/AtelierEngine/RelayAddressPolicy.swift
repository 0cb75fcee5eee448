import Foundation
import NetworkAddresses

/// Where provider base URLs may point. By default only to the public internet: a base URL whose
/// host is, or resolves to, a loopback, private, link-local (the cloud metadata service at
/// 169.254.169.254), multicast or other special address is refused when a lead saves it and
/// again before every connection, after DNS, so "Test connection" cannot probe the server's own
/// network with the API key as a bearer token. Literal addresses count in any spelling
/// (`0x7f.1`, `2130706433`, `[::ffff:127.0.0.1]`): the system resolver reads them as the
/// connection would.
///
/// Teams whose relay really runs on their own network start atelier-server with
/// `--allow-private-relays` (`make run` does, for the local demo relay).
///
/// The HTTP client resolves the name again to connect; a name that answers with a public address
/// for the check and a private one a moment later (DNS rebinding) is not caught here.
public struct RelayAddressPolicy: Sendable, Hashable {
    /// Whether addresses outside the public internet are allowed.
    public let allowsPrivateAddresses: Bool

    /// Only public addresses (the default).
    public static let publicOnly = RelayAddressPolicy(allowsPrivateAddresses: false)
    /// Any address (`--allow-private-relays`, tests against relay-sim).
    public static let anyAddress = RelayAddressPolicy(allowsPrivateAddresses: true)
    /// The `atelier` command line: run by an operator on the server's own host, who reaches its
    /// network anyway; the server still refuses such a base URL unless it allows private relays.
    public static let commandLine = anyAddress

    /// Why a base URL may not be used.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        public let host: String
        public let address: String
        /// The blocked range's name, e.g. `loopback (127.0.0.0/8)`.
        public let range: String

        public var description: String {
            "\(host) is \(address), a \(range) address; relays on the server's own network need atelier-server --allow-private-relays"
        }
    }

    public init(allowsPrivateAddresses: Bool) {
        self.allowsPrivateAddresses = allowsPrivateAddresses
    }

    /// The refusal for `baseURL`, or nil when it may be used. A host that does not resolve is
    /// not refused here: the connection fails on its own, and the check runs again before it.
    public func refusal(for baseURL: String) async -> Refusal? {
        guard !allowsPrivateAddresses, let host = Self.host(of: baseURL) else { return nil }
        guard let addresses = try? await HostResolver.addresses(of: host) else { return nil }
        for address in addresses {
            if let range = BlockedAddressRanges.range(of: address) {
                return Refusal(host: host, address: address.description, range: range)
            }
        }
        return nil
    }

    /// The host of an http(s) URL, without the brackets of an IPv6 literal.
    static func host(of baseURL: String) -> String? {
        guard let components = URLComponents(string: baseURL.trimmingCharacters(in: .whitespaces)),
              let host = components.host, !host.isEmpty else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { return String(host.dropFirst().dropLast()) }
        return host
    }
}
