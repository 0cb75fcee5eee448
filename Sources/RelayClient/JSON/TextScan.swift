/// Byte-level string helpers for the decoding hot paths, where Foundation's locale-aware
/// searching and splitting cost far more than the plain ASCII work needed.
enum TextScan {
    /// True when `text` contains `needle` (exact UTF-8 match).
    static func contains(_ text: String, _ needle: String) -> Bool {
        var text = text
        var needle = needle
        return text.withUTF8 { hay in
            needle.withUTF8 { n in
                guard let first = n.first else { return true }
                guard hay.count >= n.count else { return false }
                var i = 0
                let last = hay.count - n.count
                while i <= last {
                    if hay[i] == first {
                        var j = 1
                        while j < n.count && hay[i + j] == n[j] { j += 1 }
                        if j == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    /// True when `text` holds `sk-` or `Bearer ` (one pass for both).
    static func containsKeyPattern(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { b in
            let n = b.count
            var i = 0
            while i + 2 < n {
                let c = b[i]
                if c == UInt8(ascii: "s"), b[i + 1] == UInt8(ascii: "k"), b[i + 2] == UInt8(ascii: "-") { return true }
                if c == UInt8(ascii: "B"), i + 6 < n, b[i + 1] == UInt8(ascii: "e"), b[i + 2] == UInt8(ascii: "a"),
                   b[i + 3] == UInt8(ascii: "r"), b[i + 4] == UInt8(ascii: "e"), b[i + 5] == UInt8(ascii: "r"),
                   b[i + 6] == UInt8(ascii: " ")
                {
                    return true
                }
                i += 1
            }
            return false
        }
    }

    /// ASCII-only lower-casing (ids, codes and extensions are ASCII; other bytes are kept).
    static func asciiLowercased<S: StringProtocol>(_ text: S) -> String {
        String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// A number written as text, with surrounding spaces and an optional trailing `%` allowed
    /// (`"45%"`, `" 0.5 "`); `isPercent` tells whether the sign was there.
    static func number(in text: String) -> (value: Double, isPercent: Bool)? {
        var bytes = Array(text.utf8)
        func trimTrailing() { while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() } }
        trimTrailing()
        var isPercent = false
        if bytes.last == UInt8(ascii: "%") {
            isPercent = true
            bytes.removeLast()
            trimTrailing()
        }
        let start = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) ?? bytes.endIndex
        guard start < bytes.endIndex, let value = Double(String(decoding: bytes[start...], as: UTF8.self)) else { return nil }
        return (value, isPercent)
    }
}
