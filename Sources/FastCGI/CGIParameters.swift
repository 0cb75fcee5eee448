#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The FastCGI parameters a request head is built from, gathered in one pass: the few CGI
/// variables Atelier reads and the `HTTP_*` headers. The other parameters nginx sends
/// (`SERVER_SOFTWARE`, `DOCUMENT_ROOT`, …) are counted but never copied into strings.
public struct CGIParameters: Sendable {
    public var method: String?
    public var requestURI: String?
    public var documentURI: String?
    public var queryString: String?
    public var contentType: String?
    public var contentLength: String?
    public var remoteAddress: String?
    public var https: String?
    public var requestScheme: String?
    /// The `HTTP_*` parameters as headers (`HTTP_USER_AGENT` → `user-agent`), in the order sent.
    public var headers = HeaderFields()
    /// The size of every parameter as `NAME=VALUE`, for the cap on the request head.
    public private(set) var totalBytes = 0

    public init() {}

    /// Parameters given as a dictionary (tests, or a front end other than libfcgi).
    public init(_ parameters: [String: String]) {
        for (name, value) in parameters {
            var name = name, value = value
            name.withUTF8 { name in value.withUTF8 { add(name: UnsafeRawBufferPointer(name), value: UnsafeRawBufferPointer($0)) } }
        }
    }

    /// Takes one parameter.
    public mutating func add(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        totalBytes += name.count + 1 + value.count
        if name.count > 5, Self.equal(UnsafeRawBufferPointer(rebasing: name[..<5]), "HTTP_") {
            headers.add(Self.headerName(fromParameter: UnsafeRawBufferPointer(rebasing: name[5...])), String(decoding: value, as: UTF8.self))
            return
        }
        let text = { String(decoding: value, as: UTF8.self) }
        switch name.count {
        case 5 where Self.equal(name, "HTTPS"): https = text()
        case 11 where Self.equal(name, "REQUEST_URI"): requestURI = text()
        case 11 where Self.equal(name, "REMOTE_ADDR"): remoteAddress = text()
        case 12 where Self.equal(name, "QUERY_STRING"): queryString = text()
        case 12 where Self.equal(name, "CONTENT_TYPE"): contentType = text()
        case 12 where Self.equal(name, "DOCUMENT_URI"): documentURI = text()
        case 14 where Self.equal(name, "REQUEST_METHOD"): method = text()
        case 14 where Self.equal(name, "CONTENT_LENGTH"): contentLength = text()
        case 14 where Self.equal(name, "REQUEST_SCHEME"): requestScheme = text()
        default: break
        }
    }

    private static func equal(_ bytes: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        bytes.count == name.utf8CodeUnitCount && memcmp(bytes.baseAddress!, name.utf8Start, bytes.count) == 0
    }

    /// `USER_AGENT` → `user-agent`.
    private static func headerName(fromParameter name: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: name.count) { buffer in
            for (index, byte) in name.enumerated() {
                buffer[index] = switch byte {
                case UInt8(ascii: "_"): UInt8(ascii: "-")
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte + 32
                default: byte
                }
            }
            return name.count
        }
    }
}
