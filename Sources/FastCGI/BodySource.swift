/// Where a request body's bytes come from: libfcgi's input stream in the server, memory in tests.
public protocol BodySource {
    /// Reads up to `buffer.count` bytes; returns how many were read, 0 at the end of the body.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int
}

/// A body held in memory, read in slices of at most `sliceSize` bytes (to exercise chunk boundaries).
public struct InMemoryBodySource: BodySource {
    private let bytes: [UInt8]
    private var offset = 0
    private let sliceSize: Int

    public init(_ bytes: [UInt8], sliceSize: Int = .max) {
        self.bytes = bytes
        self.sliceSize = max(1, sliceSize)
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, sliceSize, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}
