/// Why a request could not be turned into a `Request`. The web layer renders each as a 4xx page.
public enum RequestError: Error, Sendable, Equatable {
    /// The path had a bad `%` escape, a NUL byte, or a `..` segment.
    case invalidPath(String)
    /// A query or form field had a bad `%` escape; carries the field's name when it could be read.
    case malformedField(String)
    /// The body was larger than the configured cap (in bytes).
    case bodyTooLarge(limit: Int)
    /// The FastCGI parameters (headers and request line) were larger than the cap.
    case headersTooLarge(limit: Int)
    /// A `multipart/form-data` body ended before its closing boundary, or had no boundary.
    case malformedMultipart(String)
    /// The body ended before `Content-Length` bytes arrived.
    case truncatedBody(expected: Int, received: Int)
    /// An uploaded file could not be written to the uploads folder: the server's own fault
    /// (a missing or full folder), so it is a 500 and must be logged.
    case uploadNotStored(String)

    /// The status a response to this error carries.
    public var status: HTTPStatus {
        switch self {
        case .bodyTooLarge: return .payloadTooLarge
        case .headersTooLarge: return .requestHeaderFieldsTooLarge
        case .uploadNotStored: return .internalServerError
        default: return .badRequest
        }
    }
}
