#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level string helpers for the decoding hot paths, where Foundation's locale-aware
/// searching and splitting cost far more than the plain ASCII work needed.
enum TextScan {
    /// True when `text` contains `needle` (exact UTF-8 match): `memchr` finds each candidate
    /// first byte, `memcmp` checks the rest.
    static func contains(_ text: String, _ needle: String) -> Bool {
        var text = text
        var needle = needle
        return text.withUTF8 { hay in
            needle.withUTF8 { n in
                guard !n.isEmpty else { return true }
                guard hay.count >= n.count, let h = hay.baseAddress, let p = n.baseAddress else { return false }
                let first = Int32(n[0])
                var offset = 0
                let last = hay.count - n.count
                while offset <= last {
                    guard let hit = memchr(h + offset, first, last - offset + 1) else { return false }
                    let position = h.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(h + position, p, n.count) == 0 { return true }
                    offset = position + 1
                }
                return false
            }
        }
    }

    /// True when `text` holds `sk-` or `Bearer `. JSON is full of `s`, so `sk-` is found from
    /// its rarer middle byte.
    static func containsKeyPattern(_ text: String) -> Bool {
        var copy = text
        let hasSK = copy.withUTF8 { hay -> Bool in
            guard hay.count >= 3, let h = hay.baseAddress else { return false }
            var offset = 1
            while offset < hay.count - 1 {
                guard let hit = memchr(h + offset, Int32(UInt8(ascii: "k")), hay.count - 1 - offset) else { break }
                let i = h.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if hay[i - 1] == UInt8(ascii: "s"), hay[i + 1] == UInt8(ascii: "-") { return true }
                offset = i + 1
            }
            return false
        }
        return hasSK || contains(text, "Bearer ")
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
