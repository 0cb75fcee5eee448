import Foundation

/// The body of a request, read and parsed before the handler runs.
public enum RequestBody: Sendable, Equatable {
    case empty
    /// A body of another content type, as bytes.
    case bytes([UInt8])
    /// `application/x-www-form-urlencoded` or `multipart/form-data`.
    case form(FormData)
}

/// An HTTP request as nginx handed it over FastCGI: copied out of libfcgi's buffers into
/// `Sendable` values, so it outlives the FastCGI exchange it came from.
public struct Request: Sendable {
    /// The method as sent (`GET`, `POST`, … or anything else a client made up).
    public var method: String
    /// The decoded path, always starting with `/`; never contains NUL or a `..` segment.
    public var path: String
    /// The decoded query, in order.
    public var query: [FormField]
    /// The request headers (from the `HTTP_*` parameters, plus `content-type` and `content-length`).
    public var headers: HeaderFields
    /// Cookies from the `Cookie` header; the first of duplicate names wins.
    public var cookies: [String: String]
    /// The client's address as nginx saw it.
    public var remoteAddress: String
    /// `https` when nginx says so (the `HTTPS` parameter), otherwise `http`.
    public var scheme: String
    public var body: RequestBody

    public init(
        method: String, path: String, query: [FormField] = [], headers: HeaderFields = HeaderFields(),
        cookies: [String: String] = [:], remoteAddress: String = "127.0.0.1", scheme: String = "http",
        body: RequestBody = .empty
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.cookies = cookies
        self.remoteAddress = remoteAddress
        self.scheme = scheme
        self.body = body
    }

    /// The first query value of that name.
    public func queryValue(_ name: String) -> String? {
        query.first(where: { $0.name == name })?.value
    }

    /// The submitted form, or an empty one when the body is not a form.
    public var form: FormData {
        if case .form(let data) = body { return data }
        return FormData()
    }
}
