import NetworkAddresses

/// Refuses downloads from addresses inside the server's own networks (SSRF protection).
///
/// A URL passes when its host, or `host:port`, is one of the configured providers' hosts
/// (`allowedHosts`), or when every address its host resolves to is public. Literal addresses in
/// any spelling (`127.1`, `2130706433`, `[::ffff:127.0.0.1]`) are judged by what they resolve to.
///
/// The check resolves the name and AsyncHTTPClient then resolves it again to connect: see the
/// DNS-rebinding note on ``MediaKeeper``.
enum AddressGuard {
    /// Throws ``MediaError/forbiddenAddress(url:address:range:)`` when `url` may not be fetched
    /// (or the resolver's failure as ``MediaError/hostNotFound(host:)`` / ``MediaError/network(url:reason:)``).
    static func check(_ url: MediaURL, allowedHosts: Set<String>) async throws {
        if url.isAllowed(by: allowedHosts) { return }
        let addresses: [IPAddress]
        do {
            addresses = try await HostResolver.addresses(of: url.host)
        } catch HostResolver.Failure.notFound {
            throw MediaError.hostNotFound(host: url.host)
        } catch HostResolver.Failure.failed(let reason) {
            throw MediaError.network(url: url.redacted, reason: "could not resolve the host (\(reason))")
        }
        for address in addresses {
            if let range = BlockedAddressRanges.range(of: address) {
                throw MediaError.forbiddenAddress(url: url.redacted, address: address.description, range: range)
            }
        }
    }
}
