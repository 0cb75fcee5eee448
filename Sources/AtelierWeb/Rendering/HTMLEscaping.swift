import Mustache

/// HTML escaping for every value a template shows, and for translated text put into templates.
///
/// The same five characters as swift-mustache's own HTML escaping (`& < > " '`), but found by
/// scanning UTF-8 bytes: a value without them is returned as it is, without copying. Escaping
/// was a sixth of an admin page's time with the library's per-`Character` escaper. It is also
/// stricter: a quote followed by a combining mark is still escaped (those five ASCII bytes never
/// occur inside a multi-byte UTF-8 sequence).
enum HTMLEscaping {
    /// The name templates select with the `CONTENT_TYPE` pragma.
    static let contentTypeName = "ATELIER_HTML"
    /// Put in front of every template at load time, so no template can forget it.
    static let pragma = "{{% CONTENT_TYPE: \(contentTypeName)}}"

    private struct ContentType: MustacheContentType {
        func escapeText(_ text: String) -> String { HTMLEscaping.escape(text) }
    }

    /// Makes the content type known to the mustache parser (idempotent).
    static func registerContentType() {
        MustacheContentTypes.register(ContentType(), named: contentTypeName)
    }

    static func escape(_ text: String) -> String {
        let bytes = text.utf8
        guard bytes.contains(where: needsEscaping) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func needsEscaping(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
