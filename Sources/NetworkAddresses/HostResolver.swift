import Foundation
import NIOPosix

/// Resolves host names with the system resolver (`getaddrinfo`), on NIO's blocking-work thread
/// pool so a slow DNS answer never stalls the concurrency pool.
public enum HostResolver {
    /// Why a name did not resolve.
    public enum Failure: Error {
        /// The name does not exist (or has no addresses).
        case notFound
        /// The resolver failed, perhaps for now (`gai_strerror`'s text).
        case failed(String)
    }

    /// Every address `host` resolves to (literal addresses resolve to themselves).
    public static func addresses(of host: String) async throws -> [IPAddress] {
        let result = try await NIOThreadPool.singleton.runIfActive { lookUp(host) }
        return try result.get()
    }

    private static func lookUp(_ host: String) -> Result<[IPAddress], Failure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        defer { if let list { freeaddrinfo(list) } }
        guard status == 0 else {
            if status == EAI_NONAME { return .failure(.notFound) }
            return .failure(.failed(String(cString: gai_strerror(status))))
        }
        var addresses: [IPAddress] = []
        var entry = list
        while let current = entry {
            if let socketAddress = current.pointee.ai_addr, let address = IPAddress(socketAddress) {
                addresses.append(address)
            }
            entry = current.pointee.ai_next
        }
        guard !addresses.isEmpty else { return .failure(.notFound) }
        return .success(addresses)
    }
}
