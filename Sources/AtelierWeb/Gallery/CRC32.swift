/// CRC-32 (IEEE 802.3, the ZIP checksum), computed eight bytes at a time (slice-by-8).
struct CRC32: Sendable {
    private(set) var value: UInt32 = 0

    /// Eight 256-entry tables in a row: entry `k * 256 + n` is the CRC of byte `n` followed by
    /// `k` zero bytes.
    private static let table: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for n in 0..<256 {
            var crc = UInt32(n)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            table[n] = crc
        }
        for k in 1..<8 {
            for n in 0..<256 {
                let previous = table[(k - 1) * 256 + n]
                table[k * 256 + n] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
        return table
    }()

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var crc = ~value
        let count = bytes.count
        var index = 0
        Self.table.withUnsafeBufferPointer { t in
            while index &+ 8 <= count {
                let low = crc ^ UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt32.self))
                let high = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index &+ 4, as: UInt32.self))
                crc = t[1792 &+ Int(low & 0xFF)] ^ t[1536 &+ Int((low >> 8) & 0xFF)]
                    ^ t[1280 &+ Int((low >> 16) & 0xFF)] ^ t[1024 &+ Int(low >> 24)]
                    ^ t[768 &+ Int(high & 0xFF)] ^ t[512 &+ Int((high >> 8) & 0xFF)]
                    ^ t[256 &+ Int((high >> 16) & 0xFF)] ^ t[Int(high >> 24)]
                index &+= 8
            }
            while index < count {
                crc = (crc >> 8) ^ t[Int((crc ^ UInt32(bytes[index])) & 0xFF)]
                index &+= 1
            }
        }
        value = ~crc
    }

    mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }
}
