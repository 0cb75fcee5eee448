import Foundation
import NIOCore

/// One HTTP request as the families build it.
public struct HTTPRequest: Sendable {
    public var method: String
    /// The absolute URL.
    public var url: String
    public var headers: [(String, String)]
    public var body: Data?
    /// Lower-cased names of headers that carry credentials: never logged, and dropped when a
    /// redirect leads to another origin.
    public var sensitiveHeaders: Set<String>
    /// Total time allowed for the answer (headers and the whole body), in seconds; nil uses the
    /// transport's default.
    public var timeout: Double?

    public init(method: String, url: String, headers: [(String, String)] = [], body: Data? = nil,
                sensitiveHeaders: Set<String> = [], timeout: Double? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.sensitiveHeaders = sensitiveHeaders
        self.timeout = timeout
    }

    /// True for methods that can be repeated without a second effect (everything but POST/PATCH).
    public var isIdempotent: Bool { method != "POST" && method != "PATCH" }

    /// The URL without its query, for logs (a query may carry a key).
    public var redactedURL: String {
        let base = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        return base
    }
}

/// A complete HTTP answer.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: Data

    public init(status: Int, headers: [(String, String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first(where: { $0.0.lowercased() == lower })?.1
    }
}

/// An HTTP answer whose body arrives as it is produced (SSE).
public struct HTTPStreamingResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    /// The body in the chunks the network delivered. Iterating ends the stream; dropping the
    /// iterator (or cancelling the task) closes the connection.
    public var body: AsyncThrowingStream<ByteBuffer, Error>

    public init(status: Int, headers: [(String, String)], body: AsyncThrowingStream<ByteBuffer, Error>) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first(where: { $0.0.lowercased() == lower })?.1
    }
}

/// How the client reaches the network. `AsyncHTTPClientTransport` is the real one; tests may
/// supply their own. Implementations throw `RelayError` (network, timeout, outcomeUnknown,
/// invalidResponse for bodies over the cap) and never put credentials in errors or logs.
public protocol HTTPTransport: Sendable {
    /// Sends a request and collects the whole answer (non-2xx answers are returned, not thrown).
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
    /// Sends a request and returns as soon as the headers arrive.
    func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse
}
