/// Builds everything but the body of a `Request` from the FastCGI parameters nginx sends.
public enum RequestHeadParser {
    /// Parses the parameters. Throws a `RequestError` for an invalid path or a malformed query.
    public static func parse(_ parameters: CGIParameters) throws(RequestError) -> Request {
        let rawURI = parameters.requestURI ?? (parameters.documentURI ?? "/") + queryPart(parameters.queryString)
        let (rawPath, rawQuery) = splitURI(rawURI)
        let path = try decodePath(rawPath)
        let query = try PercentDecoding.parseForm(rawQuery)

        var headers = parameters.headers
        // nginx sends these both as CGI variables and as HTTP_ headers; the CGI variable wins.
        if let type = parameters.contentType, !type.isEmpty { headers.set("content-type", type) }
        if let length = parameters.contentLength, !length.isEmpty { headers.set("content-length", length) }

        return Request(
            method: parameters.method ?? "GET",
            path: path,
            query: query,
            headers: headers,
            cookies: parseCookies(headers.values("cookie")),
            remoteAddress: parameters.remoteAddress ?? "",
            scheme: parameters.https.map { $0.lowercased() == "on" ? "https" : "http" } ?? (parameters.requestScheme ?? "http")
        )
    }

    /// Decodes a raw path and refuses the ones no handler should ever see.
    public static func decodePath(_ raw: Substring) throws(RequestError) -> String {
        guard raw.utf8.first == UInt8(ascii: "/") else { throw .invalidPath("the path must start with /") }
        guard let decoded = PercentDecoding.decode(raw, plusIsSpace: false) else {
            throw .invalidPath("the path has a malformed % escape")
        }
        if decoded.utf8.contains(0) { throw .invalidPath("the path contains a NUL byte") }
        if hasDotSegment(decoded.utf8) { throw .invalidPath("the path contains a dot segment") }
        return decoded
    }

    /// True when a segment between slashes is `.` or `..`.
    private static func hasDotSegment(_ path: String.UTF8View) -> Bool {
        var length = 0
        var onlyDots = true
        for byte in path {
            if byte == UInt8(ascii: "/") {
                if onlyDots, length == 1 || length == 2 { return true }
                length = 0
                onlyDots = true
            } else {
                length += 1
                onlyDots = onlyDots && byte == UInt8(ascii: ".")
            }
        }
        return onlyDots && (length == 1 || length == 2)
    }

    /// `a=1; b=2` → `["a": "1", "b": "2"]`, the first of duplicate names kept.
    public static func parseCookies(_ headerValues: [String]) -> [String: String] {
        var cookies: [String: String] = [:]
        for header in headerValues {
            for pair in header.split(separator: ";") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let name = String(pair[..<equals].trimmingBlanks)
                let value = String(pair[pair.index(after: equals)...].trimmingBlanks)
                if !name.isEmpty, cookies[name] == nil { cookies[name] = value }
            }
        }
        return cookies
    }

    private static func splitURI(_ uri: String) -> (Substring, Substring) {
        guard let mark = uri.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (uri[...], "") }
        return (uri[..<mark], uri[uri.utf8.index(after: mark)...])
    }

    private static func queryPart(_ query: String?) -> String {
        guard let query, !query.isEmpty else { return "" }
        return "?" + query
    }
}
