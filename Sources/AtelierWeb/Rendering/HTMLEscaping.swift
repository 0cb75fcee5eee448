/// HTML escaping for text written outside the compiled templates (the chat stream's chunks).
///
/// The five characters `& < > " '`, found by scanning UTF-8 bytes: a value without them is
/// returned as it is, without copying. A quote followed by a combining mark is still escaped
/// (those five ASCII bytes never occur inside a multi-byte UTF-8 sequence).
enum HTMLEscaping {
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
