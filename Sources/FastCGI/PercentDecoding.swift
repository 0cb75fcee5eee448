/// Percent-decoding (RFC 3986) of paths, query strings and `application/x-www-form-urlencoded` bodies.
public enum PercentDecoding {
    /// Decodes `%XX` escapes (and `+` as a space when `plusIsSpace`), then checks UTF-8.
    /// Returns `nil` for a bad escape or bytes that are not UTF-8.
    public static func decode<S: StringProtocol>(_ text: S, plusIsSpace: Bool) -> String? {
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) {
            return String(text)
        }
        let utf8 = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < utf8.count,
                      let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2]) else { return nil }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    /// Splits `a=1&b=2` into decoded pairs, in order. Throws `RequestError.malformedField` naming
    /// the first field whose name or value has a bad escape.
    public static func parseForm<S: StringProtocol>(_ text: S) throws(RequestError) -> [FormField] {
        var fields: [FormField] = []
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let rawName = parts[0]
            guard let name = decode(rawName, plusIsSpace: true) else {
                throw .malformedField(String(rawName.prefix(64)))
            }
            let rawValue = parts.count > 1 ? parts[1] : ""
            guard let value = decode(rawValue, plusIsSpace: true) else { throw .malformedField(name) }
            fields.append(FormField(name: name, value: value))
        }
        return fields
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
