import Foundation

/// Where the FastCGI bridge listens for nginx.
public enum ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// A unix domain socket. `mode` (e.g. `0o660`) and `group` let nginx's workers, which run as
    /// another user, open it.
    case unixSocket(path: String, mode: mode_t = 0o660, group: String? = nil)
    /// A TCP port on a loopback or private address, e.g. `127.0.0.1:9000`.
    case tcp(host: String, port: Int)

    public var description: String {
        switch self {
        case .unixSocket(let path, _, _): return "unix:\(path)"
        case .tcp(let host, let port): return "\(host):\(port)"
        }
    }

    /// Parses `unix:/path`, `/path` or `HOST:PORT`; `nil` when neither fits.
    public init?(parsing text: String, mode: mode_t = 0o660, group: String? = nil) {
        if text.hasPrefix("unix:") {
            self = .unixSocket(path: String(text.dropFirst(5)), mode: mode, group: group)
        } else if text.hasPrefix("/") {
            self = .unixSocket(path: text, mode: mode, group: group)
        } else if let colon = text.lastIndex(of: ":"),
                  let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port),
                  colon != text.startIndex {
            self = .tcp(host: String(text[..<colon]), port: port)
        } else {
            return nil
        }
    }
}

/// Everything the bridge needs to know before it starts accepting requests.
public struct ServerConfiguration: Sendable {
    /// Where to listen.
    public var listen: ListenAddress
    /// Worker threads, each blocked in `FCGX_Accept_r`: the most requests in flight at once,
    /// open streams included.
    public var workerCount: Int
    /// The largest request body that is read; a larger one is answered 413 and drained, never buffered.
    public var maxBodyBytes: Int
    /// The largest total size of the FastCGI parameters (request line, headers and CGI variables).
    public var maxHeaderBytes: Int
    /// Where uploaded file parts are streamed to; each file is removed once its request ends.
    public var uploadDirectory: URL
    /// How long in-flight requests may run after SIGTERM/SIGINT before the process exits anyway.
    public var gracePeriod: Duration
    /// The listen backlog handed to the kernel.
    public var backlog: Int32

    public init(
        listen: ListenAddress,
        workerCount: Int = 8,
        maxBodyBytes: Int = 20 * 1024 * 1024,
        maxHeaderBytes: Int = 64 * 1024,
        uploadDirectory: URL = FileManager.default.temporaryDirectory,
        gracePeriod: Duration = .seconds(10),
        backlog: Int32 = 512
    ) {
        self.listen = listen
        self.workerCount = max(1, workerCount)
        self.maxBodyBytes = maxBodyBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.uploadDirectory = uploadDirectory
        self.gracePeriod = gracePeriod
        self.backlog = backlog
    }
}
