import Foundation

/// Writes RIFF/WAVE files: 16-bit mono PCM.
enum WAVEncoder {
    /// A sine tone of `frequency` Hz lasting `seconds`, with short fades so it does not click.
    static func tone(frequency: Double, seconds: Double, sampleRate: Int = 16_000) -> [UInt8] {
        let count = Int(Double(sampleRate) * seconds)
        let fade = max(1, sampleRate / 50)
        let samples: [Int16] = (0..<count).map { index in
            let envelope = min(1, Double(min(index, count - 1 - index)) / Double(fade))
            let value = sin(2 * Double.pi * frequency * Double(index) / Double(sampleRate)) * envelope * 0.4
            return Int16(value * Double(Int16.max))
        }
        return encode(samples: samples, sampleRate: sampleRate)
    }

    static func encode(samples: [Int16], sampleRate: Int) -> [UInt8] {
        let dataSize = samples.count * 2
        var out: [UInt8] = Array("RIFF".utf8) + le32(36 + dataSize) + Array("WAVE".utf8)
        out += Array("fmt ".utf8) + le32(16) + le16(1) + le16(1) + le32(sampleRate) + le32(sampleRate * 2) + le16(2) + le16(16)
        out += Array("data".utf8) + le32(dataSize)
        out.reserveCapacity(out.count + dataSize)
        for sample in samples {
            let bits = UInt16(bitPattern: sample)
            out.append(UInt8(bits & 0xFF))
            out.append(UInt8(bits >> 8))
        }
        return out
    }

    private static func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8((value >> ($0 * 8)) & 0xFF) } }
    private static func le16(_ value: Int) -> [UInt8] { (0..<2).map { UInt8((value >> ($0 * 8)) & 0xFF) } }
}
