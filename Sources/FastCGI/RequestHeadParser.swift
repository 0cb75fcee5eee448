import Foundation

/// Builds everything but the body of a `Request` from the FastCGI parameters nginx sends.
public enum RequestHeadParser {
    /// Parses the parameters. Throws a `RequestError` for an invalid path or a malformed query.
    public static func parse(_ params: [String: String]) throws(RequestError) -> Request {
        let method = params["REQUEST_METHOD"] ?? "GET"
        let rawURI = params["REQUEST_URI"] ?? (params["DOCUMENT_URI"] ?? "/") + queryPart(params["QUERY_STRING"])
        let (rawPath, rawQuery) = splitURI(rawURI)
        let path = try decodePath(rawPath)
        let query = try PercentDecoding.parseForm(rawQuery)

        var headers = HeaderFields()
        for (name, value) in params where name.hasPrefix("HTTP_") {
            headers.add(headerName(fromParameter: name.utf8.dropFirst(5)), value)
        }
        if let type = params["CONTENT_TYPE"], !type.isEmpty { headers.set("content-type", type) }
        if let length = params["CONTENT_LENGTH"], !length.isEmpty { headers.set("content-length", length) }

        return Request(
            method: method,
            path: path,
            query: query,
            headers: headers,
            cookies: parseCookies(headers.values("cookie")),
            remoteAddress: params["REMOTE_ADDR"] ?? "",
            scheme: params["HTTPS"].map { $0.lowercased() == "on" ? "https" : "http" } ?? (params["REQUEST_SCHEME"] ?? "http")
        )
    }

    /// Decodes a raw path and refuses the ones no handler should ever see.
    public static func decodePath(_ raw: Substring) throws(RequestError) -> String {
        guard raw.hasPrefix("/") else { throw .invalidPath("the path must start with /") }
        guard let decoded = PercentDecoding.decode(raw, plusIsSpace: false) else {
            throw .invalidPath("the path has a malformed % escape")
        }
        if decoded.utf8.contains(0) { throw .invalidPath("the path contains a NUL byte") }
        if decoded.utf8.split(separator: UInt8(ascii: "/")).contains(where: { $0.elementsEqual("..".utf8) || $0.elementsEqual(".".utf8) }) {
            throw .invalidPath("the path contains a dot segment")
        }
        return decoded
    }

    /// `a=1; b=2` → `["a": "1", "b": "2"]`, the first of duplicate names kept.
    public static func parseCookies(_ headerValues: [String]) -> [String: String] {
        var cookies: [String: String] = [:]
        for header in headerValues {
            for pair in header.split(separator: ";") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let name = pair[..<equals].trimmingCharacters(in: .whitespaces)
                let value = pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                if !name.isEmpty, cookies[name] == nil { cookies[name] = value }
            }
        }
        return cookies
    }

    /// `USER_AGENT` → `user-agent`.
    private static func headerName(fromParameter name: Substring.UTF8View) -> String {
        String(decoding: name.map { byte in
            switch byte {
            case UInt8(ascii: "_"): return UInt8(ascii: "-")
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte + 32
            default: return byte
            }
        }, as: UTF8.self)
    }

    private static func splitURI(_ uri: String) -> (Substring, Substring) {
        guard let mark = uri.firstIndex(of: "?") else { return (uri[...], "") }
        return (uri[..<mark], uri[uri.index(after: mark)...])
    }

    private static func queryPart(_ query: String?) -> String {
        guard let query, !query.isEmpty else { return "" }
        return "?" + query
    }
}
