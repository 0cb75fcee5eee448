/// What a handler answers: a status, headers, and a body that is either complete or streamed.
public struct Response: Sendable {
    /// A body given whole, or produced piece by piece (chat streaming, server-sent events).
    public enum Body: Sendable {
        case bytes([UInt8])
        /// Called once the head is sent; each `write` is handed to nginx, `flush` pushes it out now.
        case stream(@Sendable (ResponseBodyWriter) async throws -> Void)
    }

    public var status: HTTPStatus { didSet { preparedHead = nil } }
    public var headers: HeaderFields { didSet { preparedHead = nil } }
    public var body: Body { didSet { preparedHead = nil } }
    /// The CGI head made ahead by `prepared()`; any change to the status or headers drops it.
    private var preparedHead: [UInt8]?

    public init(status: HTTPStatus = .ok, headers: HeaderFields = HeaderFields(), body: Body = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A complete text response.
    public init(status: HTTPStatus = .ok, contentType: String, text: String) {
        self.init(status: status, headers: ["content-type": contentType], body: .bytes(Array(text.utf8)))
    }

    /// A `303 See Other` to `location` (the answer to a successful form POST).
    public static func redirect(to location: String, status: HTTPStatus = .seeOther) -> Response {
        Response(status: status, headers: ["location": location], body: .bytes([]))
    }

    /// This response with its CGI head already made: for an answer made once and given many
    /// times (a health check, a page rendered at start-up).
    public func prepared() -> Response {
        var response = self
        if unsafeHeaderName == nil { response.preparedHead = makeHead() }
        return response
    }

    /// The CGI response head (`Status:` line and headers) that libfcgi passes to nginx. Only
    /// for a response without an `unsafeHeaderName` (the worker sends `headRefused` instead).
    var cgiHead: [UInt8] { preparedHead ?? makeHead() }

    /// The name of the first header whose name or value holds CR, LF or NUL, which would end the
    /// head early or cut it (a header injection); nil when every header is sound.
    public var unsafeHeaderName: String? {
        if preparedHead != nil { return nil }
        return headers.first { field in Self.breaksHead(field.name) || Self.breaksHead(field.value) }?.name
    }

    private static func breaksHead(_ text: String) -> Bool {
        text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }

    /// This response, or `headRefused` when one of its headers is unsafe; `refused` is told the
    /// header's name (for the log). Header values are never stripped into something else.
    func vetted(refused: (String) -> Void) -> Response {
        guard let name = unsafeHeaderName else { return self }
        refused(name)
        return Self.headRefused
    }

    /// What is sent instead of a response with an unsafe header: nothing of it, a bare 500.
    public static let headRefused = Response(status: .internalServerError, contentType: "text/plain; charset=utf-8",
                                             text: "Internal Server Error\n").prepared()

    /// The length of a complete body, sent as `Content-Length` so nginx passes the body on as it
    /// is instead of in chunks; nil for a streamed body, a status without a body, a length the
    /// handler set, and an `X-Accel-Redirect` (nginx answers with the file it names).
    private var contentLength: Int? {
        guard case .bytes(let bytes) = body, status.code != 204, status.code != 304,
              headers["content-length"] == nil, headers["x-accel-redirect"] == nil else { return nil }
        return bytes.count
    }

    private func makeHead() -> [UInt8] {
        let length = contentLength.map(String.init)
        // Exactly what is appended below: "Status: " line, each "name: value" line, the length
        // line, the blank line (CR and LF are two bytes each).
        var size = "Status: ".utf8.count + status.codeAndReason.utf8.count + 2 + 2
        for (name, value) in headers { size += name.utf8.count + ": ".utf8.count + value.utf8.count + 2 }
        if let length { size += "Content-Length: ".utf8.count + length.utf8.count + 2 }
        var head: [UInt8] = []
        head.reserveCapacity(size)
        head.append(contentsOf: "Status: ".utf8)
        head.append(contentsOf: status.codeAndReason.utf8)
        head.append(contentsOf: "\r\n".utf8)
        for (name, value) in headers {
            head.append(contentsOf: name.utf8)
            head.append(contentsOf: ": ".utf8)
            head.append(contentsOf: value.utf8)
            head.append(contentsOf: "\r\n".utf8)
        }
        if let length {
            head.append(contentsOf: "Content-Length: ".utf8)
            head.append(contentsOf: length.utf8)
            head.append(contentsOf: "\r\n".utf8)
        }
        head.append(contentsOf: "\r\n".utf8)
        return head
    }
}

/// Writes a streamed response body. Each call hands bytes to the worker thread that owns the
/// FastCGI connection and returns once they are written, so a slow client slows the writer
/// instead of filling memory. Throws `ResponseWriteError.clientGone` once nginx has hung up.
public struct ResponseBodyWriter: Sendable {
    let exchange: Exchange

    public func write(_ bytes: [UInt8]) async throws {
        try await exchange.send(.chunk(bytes, flush: false))
    }

    public func write(_ text: String) async throws {
        try await write(Array(text.utf8))
    }

    /// Writes and pushes the bytes out to nginx now (nginx must have `fastcgi_buffering off`).
    public func writeAndFlush(_ text: String) async throws {
        try await exchange.send(.chunk(Array(text.utf8), flush: true))
    }
}

/// The peer of a streamed response went away.
public enum ResponseWriteError: Error, Sendable {
    case clientGone
}
