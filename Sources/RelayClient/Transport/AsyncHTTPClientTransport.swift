import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import Synchronization

/// Limits of the real transport.
public struct TransportConfiguration: Sendable {
    /// Time allowed to open a connection.
    public var connectTimeout: Double
    /// Longest silence allowed while reading.
    public var readTimeout: Double
    /// Default total time for a request (headers and whole body) when a request sets none.
    public var requestTimeout: Double
    /// Largest body accepted, in bytes.
    public var maxResponseBytes: Int
    /// Most redirects followed for one request.
    public var maxRedirects: Int

    public init(connectTimeout: Double = 10, readTimeout: Double = 60, requestTimeout: Double = 180,
                maxResponseBytes: Int = 32 * 1024 * 1024, maxRedirects: Int = 3) {
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.requestTimeout = requestTimeout
        self.maxResponseBytes = maxResponseBytes
        self.maxRedirects = maxRedirects
    }
}

/// `HTTPTransport` over one shared AsyncHTTPClient `HTTPClient`, made on the first request (a
/// process that never calls a provider starts no event loop threads and holds no pool).
///
/// AHC's own redirect following is off; redirects are followed here (at most
/// `maxRedirects`), and credential headers are dropped when a redirect leaves the origin.
/// Logs name the method, host and path only: never headers, query strings or bodies.
public final class AsyncHTTPClientTransport: HTTPTransport {
    private let clientConfiguration: HTTPClient.Configuration
    /// The client once made; `.closed` after `shutdown()`.
    private let state = Mutex<ClientState>(.notYetMade)
    public let configuration: TransportConfiguration
    private let logger: Logger

    /// A transport kept for the life of the process (never shut down), for callers that do
    /// not manage lifetimes.
    public static let shared = AsyncHTTPClientTransport()

    public init(configuration: TransportConfiguration = TransportConfiguration(),
                logger: Logger = Logger(label: "atelier.relay.transport")) {
        self.configuration = configuration
        self.logger = logger
        var config = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .milliseconds(Int64(configuration.connectTimeout * 1000)),
                           read: .milliseconds(Int64(configuration.readTimeout * 1000))),
            decompression: .enabled(limit: .size(configuration.maxResponseBytes))
        )
        config.httpVersion = .automatic
        self.clientConfiguration = config
    }

    private enum ClientState {
        case notYetMade
        case made(HTTPClient)
        case closed
    }

    /// The shared client, made on first use.
    private func client() throws -> HTTPClient {
        try state.withLock { state in
            switch state {
            case .made(let client): return client
            case .closed: throw RelayError(.network, "the HTTP transport has been shut down")
            case .notYetMade:
                let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
                state = .made(client)
                return client
            }
        }
    }

    /// Closes the connection pool. Call once when done (not needed for `shared`).
    public func shutdown() async throws {
        let made: HTTPClient? = state.withLock { state in
            defer { state = .closed }
            if case .made(let client) = state { return client }
            return nil
        }
        try await made?.shutdown()
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let total = request.timeout ?? configuration.requestTimeout
        let deadline = ContinuousClock.now + .milliseconds(Int64(total * 1000))
        let (response, final) = try await executeFollowingRedirects(request, deadline: deadline)
        let headers = response.headers.map { ($0.name, $0.value) }
        let limit = configuration.maxResponseBytes
        if let length = response.headers.first(name: "content-length").flatMap(Int.init), length > limit {
            throw RelayError(.invalidResponse, "the response is too large (\(length) bytes, limit \(limit))",
                             httpStatus: Int(response.status.code))
        }
        let body: ByteBuffer
        do {
            body = try await Self.withDeadline(deadline) {
                try await response.body.collect(upTo: limit)
            }
        } catch {
            throw map(error, request: final, phase: .body, status: Int(response.status.code))
        }
        logger.debug("relay answer", metadata: ["method": "\(final.method)", "url": "\(final.redactedURL)",
                                                "status": "\(response.status.code)", "bytes": "\(body.readableBytes)"])
        return HTTPResponse(status: Int(response.status.code), headers: headers, body: Data(buffer: body))
    }

    public func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        let total = request.timeout ?? configuration.requestTimeout
        let deadline = ContinuousClock.now + .milliseconds(Int64(total * 1000))
        let (response, final) = try await executeFollowingRedirects(request, deadline: deadline)
        let headers = response.headers.map { ($0.name, $0.value) }
        let status = Int(response.status.code)
        let body = response.body
        let readTimeout = configuration.readTimeout
        let stream = AsyncThrowingStream<ByteBuffer, Error> { continuation in
            let task = Task {
                do {
                    for try await chunk in body {
                        continuation.yield(chunk)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: self.map(error, request: final, phase: .body, status: status))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        logger.debug("relay stream", metadata: ["method": "\(final.method)", "url": "\(final.redactedURL)",
                                                "status": "\(status)", "readTimeout": "\(readTimeout)"])
        return HTTPStreamingResponse(status: status, headers: headers, body: stream)
    }

    // MARK: - Redirects

    private func executeFollowingRedirects(_ original: HTTPRequest, deadline: ContinuousClock.Instant)
        async throws -> (HTTPClientResponse, HTTPRequest)
    {
        var request = original
        var hops = 0
        while true {
            let response: HTTPClientResponse
            do {
                response = try await client().execute(try makeRequest(request), deadline: nioDeadline(deadline), logger: nil)
            } catch {
                throw map(error, request: request, phase: .head, status: nil)
            }
            let code = Int(response.status.code)
            guard [301, 302, 303, 307, 308].contains(code), let location = response.headers.first(name: "location") else {
                return (response, request)
            }
            // Drain the redirect's own body before moving on.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            hops += 1
            guard hops <= configuration.maxRedirects else {
                throw RelayError(.invalidResponse, "too many redirects (more than \(configuration.maxRedirects))",
                                 httpStatus: code)
            }
            guard let next = redirected(request, to: location, status: code) else {
                throw RelayError(.invalidResponse, "a redirect to an unusable location", httpStatus: code)
            }
            logger.debug("relay redirect", metadata: ["from": "\(request.redactedURL)", "to": "\(next.redactedURL)"])
            request = next
        }
    }

    /// The request to send after a redirect, or nil when the target is not http(s).
    func redirected(_ request: HTTPRequest, to location: String, status: Int) -> HTTPRequest? {
        guard let base = URL(string: request.url), let target = URL(string: location, relativeTo: base)?.absoluteURL,
              let scheme = target.scheme?.lowercased(), scheme == "http" || scheme == "https"
        else { return nil }
        var next = request
        next.url = target.absoluteString
        if status == 303 || ((status == 301 || status == 302) && request.method == "POST") {
            next.method = "GET"
            next.body = nil
            next.headers.removeAll { ["content-type", "content-length"].contains($0.0.lowercased()) }
        }
        if !Self.sameOrigin(base, target) {
            next.headers.removeAll { request.sensitiveHeaders.contains($0.0.lowercased()) || $0.0.lowercased() == "authorization" }
        }
        return next
    }

    static func sameOrigin(_ a: URL, _ b: URL) -> Bool {
        func port(_ u: URL) -> Int { u.port ?? (u.scheme?.lowercased() == "https" ? 443 : 80) }
        return a.scheme?.lowercased() == b.scheme?.lowercased() && a.host?.lowercased() == b.host?.lowercased()
            && port(a) == port(b)
    }

    private func makeRequest(_ request: HTTPRequest) throws -> HTTPClientRequest {
        var r = HTTPClientRequest(url: request.url)
        r.method = .init(rawValue: request.method)
        for (name, value) in request.headers { r.headers.add(name: name, value: value) }
        if let body = request.body {
            r.body = .bytes(ByteBuffer(data: body))
        }
        return r
    }

    private func nioDeadline(_ deadline: ContinuousClock.Instant) -> NIODeadline {
        let remaining = ContinuousClock.now.duration(to: deadline)
        let (seconds, attoseconds) = remaining.components
        let nanos = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        return .now() + .nanoseconds(max(0, nanos))
    }

    // MARK: - Errors

    enum Phase { case head, body }

    /// Maps AHC/NIO errors into the taxonomy. A request that failed after the connection was
    /// made may have been received: for a POST that is `outcomeUnknown`.
    func map(_ error: Error, request: HTTPRequest, phase: Phase, status: Int?) -> RelayError {
        if let relay = error as? RelayError { return relay }
        let where_ = "\(request.method) \(request.redactedURL)"
        let sentOutcome: RelayErrorCategory = request.isIdempotent ? .timeout : .outcomeUnknown
        if error is CancellationError {
            return RelayError(.cancelled, "the request was cancelled (\(where_))", httpStatus: status)
        }
        if error is NIOTooManyBytesError {
            return RelayError(.invalidResponse,
                              "the response is too large (over \(configuration.maxResponseBytes) bytes) from \(where_)",
                              httpStatus: status)
        }
        if error is DeadlineError {
            return RelayError(sentOutcome, "no complete answer in time from \(where_)", httpStatus: status)
        }
        if let http = error as? HTTPClientError {
            switch http {
            case .connectTimeout, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout:
                return RelayError(.timeout, "could not connect in time to \(where_)")
            case .deadlineExceeded, .readTimeout:
                return RelayError(sentOutcome, "no answer in time from \(where_)", httpStatus: status)
            case .remoteConnectionClosed:
                return RelayError(request.isIdempotent ? .network : .outcomeUnknown,
                                  "the connection closed before the answer was complete (\(where_))", httpStatus: status)
            case .cancelled:
                return RelayError(.cancelled, "the request was cancelled (\(where_))", httpStatus: status)
            case .invalidURL, .emptyHost, .emptyScheme:
                return RelayError(.invalidRequest, "invalid URL: \(request.redactedURL)", field: "baseURL")
            default:
                break
            }
        }
        let text = String(describing: error)
        let lower = text.lowercased()
        if lower.contains("connection refused") || lower.contains("connectionrefused") || lower.contains("nioconnectionerror")
            || lower.contains("no such host") || lower.contains("resolve") || lower.contains("connecttimeout")
        {
            return RelayError(.network, "could not connect to \(where_): \(Self.shortReason(text))")
        }
        if phase == .body || lower.contains("reset") || lower.contains("eof") || lower.contains("closed") {
            return RelayError(request.isIdempotent ? .network : .outcomeUnknown,
                              "the connection broke during \(where_): \(Self.shortReason(text))", httpStatus: status)
        }
        return RelayError(request.isIdempotent ? .network : .outcomeUnknown,
                          "request failed (\(where_)): \(Self.shortReason(text))", httpStatus: status)
    }

    static func shortReason(_ text: String) -> String { String(text.prefix(160)) }

    // MARK: - Deadline

    struct DeadlineError: Error {}

    /// Runs `operation`, cancelling it at `deadline` (AHC's deadline only covers the headers).
    static func withDeadline<T: Sendable>(_ deadline: ContinuousClock.Instant,
                                          _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw DeadlineError() }
            return value
        }
    }
}
