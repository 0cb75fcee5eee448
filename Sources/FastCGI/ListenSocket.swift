import CFastCGI
import Foundation

/// Opening and closing the socket nginx connects to.
enum ListenSocket {
    enum OpenError: Error, CustomStringConvertible {
        case cannotOpen(String)
        case cannotSetPermissions(String)

        var description: String {
            switch self {
            case .cannotOpen(let detail): return "cannot listen: \(detail)"
            case .cannotSetPermissions(let detail): return "cannot set socket permissions: \(detail)"
            }
        }
    }

    static func open(_ address: ListenAddress, backlog: Int32) throws -> Int32 {
        guard FCGX_Init() == 0 else { throw OpenError.cannotOpen("FCGX_Init failed") }
        switch address {
        case .unixSocket(let path, let mode, let group):
            removeStaleSocket(at: path)
            let descriptor = FCGX_OpenSocket(path, backlog)
            guard descriptor >= 0 else { throw OpenError.cannotOpen("\(path): \(String(cString: strerror(errno)))") }
            guard chmod(path, mode) == 0 else { throw OpenError.cannotSetPermissions("chmod \(path)") }
            if let group {
                guard let entry = getgrnam(group) else { throw OpenError.cannotSetPermissions("no group named \(group)") }
                guard chown(path, uid_t.max, entry.pointee.gr_gid) == 0 else {
                    throw OpenError.cannotSetPermissions("chown \(path) to group \(group)")
                }
            }
            return descriptor
        case .tcp(let host, let port):
            // libfcgi calls exit(1) for a host it cannot resolve: accept numeric addresses only.
            var probe = in_addr()
            guard inet_pton(AF_INET, host, &probe) == 1 else {
                throw OpenError.cannotOpen("\(host) is not a numeric IPv4 address")
            }
            let descriptor = FCGX_OpenSocket("\(host):\(port)", backlog)
            guard descriptor >= 0 else { throw OpenError.cannotOpen("\(host):\(port): \(String(cString: strerror(errno)))") }
            return descriptor
        }
    }

    static func close(_ descriptor: Int32, address: ListenAddress) {
        Foundation.close(descriptor)
        if case .unixSocket(let path, _, _) = address { unlink(path) }
    }

    /// A socket file left by a process that died would make bind fail.
    private static func removeStaleSocket(at path: String) {
        var info = stat()
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFSOCK { unlink(path) }
    }
}
