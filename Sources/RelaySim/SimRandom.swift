import Foundation

/// SplitMix64: a small seedable generator, so a configured seed replays the same faults and ids.
struct SimRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64?) {
        state = seed ?? UInt64.random(in: .min ... .max)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// True with probability `rate` (0…1).
    mutating func chance(_ rate: Double) -> Bool {
        rate > 0 && Double.random(in: 0..<1, using: &self) < rate
    }

    /// `count` characters drawn from `alphabet`.
    mutating func string(_ count: Int, from alphabet: String) -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in characters[Int.random(in: 0..<characters.count, using: &self)] })
    }
}

/// Stable hashing and id formats derived from text (FNV-1a), so derived ids need no storage.
enum StableHash {
    static func fnv(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// A UUID-formatted string determined by `text`.
    static func uuid(_ text: String) -> String {
        let high = fnv(text), low = fnv(text + "#")
        let hex = String(format: "%016llx%016llx", high, low)
        let chars = Array(hex)
        func part(_ range: Range<Int>) -> String { String(chars[range]) }
        return "\(part(0..<8))-\(part(8..<12))-4\(part(13..<16))-a\(part(17..<20))-\(part(20..<32))"
    }
}
