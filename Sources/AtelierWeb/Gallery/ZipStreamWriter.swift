import AtelierStore
import Foundation

/// One entry of a planned archive.
struct ZipItem: Sendable {
    enum Source: Sendable {
        case metadata
        case file(URL)
    }

    let name: String
    let source: Source
    let size: Int64
    /// Where its local header starts.
    let offset: Int64
    let dosTime: UInt16
    let dosDate: UInt16
    /// Its sizes need ZIP64 fields (local header extra, 8-byte descriptor sizes).
    let zip64Sizes: Bool
    /// Its local header's offset needs a ZIP64 field in the central directory.
    let zip64Offset: Bool

    var nameBytes: [UInt8] { Array(name.utf8) }
}

/// Places entries one after another and knows every record's length, so the archive's size is
/// known before it is written.
struct ZipLayout {
    /// Sizes and offsets from this value on are ZIP64 fields (0xFFFFFFFF marks them).
    static let zip64Threshold: Int64 = 0xFFFF_FFFF
    let zip64Threshold: Int64
    private(set) var offset: Int64 = 0
    private var centralSize: Int64 = 0

    init(zip64Threshold: Int64) {
        self.zip64Threshold = zip64Threshold
    }

    mutating func add(name: String, source: ZipItem.Source, size: Int64, time: Date) -> ZipItem {
        let (dosTime, dosDate) = Self.dosTimestamp(time)
        let item = ZipItem(name: name, source: source, size: size, offset: offset, dosTime: dosTime, dosDate: dosDate,
                           zip64Sizes: size >= zip64Threshold, zip64Offset: offset >= zip64Threshold)
        offset += Self.localHeaderLength(item) + size + Self.descriptorLength(item)
        centralSize += Self.centralHeaderLength(item)
        return item
    }

    /// Where the central directory lands once every entry is added, and whether the end needs
    /// ZIP64 records (65,535 entries or more, or an offset or size past the threshold).
    struct End: Sendable {
        let centralOffset: Int64
        let centralSize: Int64
        let zip64: Bool

        var archiveByteCount: Int64 { centralOffset + centralSize + ZipLayout.endLength(needsZip64: zip64) }
    }

    func end(entryCount: Int) -> End {
        End(centralOffset: offset, centralSize: centralSize,
            zip64: entryCount >= 0xFFFF || offset >= zip64Threshold || centralSize >= zip64Threshold)
    }

    static func localHeaderLength(_ item: ZipItem) -> Int64 { Int64(30 + item.nameBytes.count + (item.zip64Sizes ? 20 : 0)) }
    static func descriptorLength(_ item: ZipItem) -> Int64 { item.zip64Sizes ? 24 : 16 }
    static func centralExtraLength(_ item: ZipItem) -> Int {
        let fields = (item.zip64Sizes ? 16 : 0) + (item.zip64Offset ? 8 : 0)
        return fields == 0 ? 0 : 4 + fields
    }
    static func centralHeaderLength(_ item: ZipItem) -> Int64 { Int64(46 + item.nameBytes.count + centralExtraLength(item)) }
    static func endLength(needsZip64: Bool) -> Int64 { needsZip64 ? 56 + 20 + 22 : 22 }

    /// MS-DOS time and date fields (UTC; the format has no zone), from 1980 on.
    static func dosTimestamp(_ date: Date) -> (time: UInt16, date: UInt16) {
        let f = UTCCalendar.fields(of: date)
        guard f.year >= 1980 else { return (0, UInt16(1 << 5 | 1)) }
        let year = min(f.year, 2107) - 1980
        return (UInt16(f.hour << 11 | f.minute << 5 | f.second / 2), UInt16(year << 9 | f.month << 5 | f.day))
    }
}

/// Writes a planned archive's bytes in order: for each item its local header, its bytes (read
/// 64 KiB at a time, CRC-32 computed on the way) and a data descriptor; then the central
/// directory and the end records. Pieces go to the sink once about 64 KiB have gathered.
struct ZipStreamWriter {
    static let chunkSize = 64 << 10
    /// General purpose flags: bit 3 (sizes and CRC follow in a data descriptor), bit 11 (UTF-8 names).
    private static let flags: UInt16 = 1 << 3 | 1 << 11

    private let sink: @Sendable ([UInt8]) async throws -> Void
    private var pending: [UInt8] = []
    private var crcs: [UInt32] = []

    init(sink: @escaping @Sendable ([UInt8]) async throws -> Void) {
        self.sink = sink
        pending.reserveCapacity(Self.chunkSize * 2)
    }

    mutating func write(_ item: ZipItem, metadata: ZipMetadataCSV) async throws {
        try await append(localHeader(item))
        var crc = CRC32()
        var written: Int64 = 0
        switch item.source {
        case .metadata:
            try await metadata.forEachPiece { piece in
                crc.update(piece)
                written += Int64(piece.count)
                try await append(piece)
            }
        case .file(let url):
            try await copy(url, item: item, crc: &crc, written: &written)
        }
        guard written == item.size else { throw ZipDownloadError.changed(fileName: item.name) }
        crcs.append(crc.value)
        var descriptor = ZipBytes()
        descriptor.u32(0x0807_4B50)
        descriptor.u32(crc.value)
        if item.zip64Sizes {
            descriptor.u64(UInt64(item.size))
            descriptor.u64(UInt64(item.size))
        } else {
            descriptor.u32(UInt32(item.size))
            descriptor.u32(UInt32(item.size))
        }
        try await append(descriptor.bytes)
    }

    /// The central directory and the end records as `end` planned them, then whatever is still gathered.
    mutating func finish(_ items: [ZipItem], end: ZipLayout.End) async throws {
        for (item, crc) in zip(items, crcs) {
            try await append(centralHeader(item, crc: crc))
        }
        try await append(endRecords(count: items.count, end: end))
        if !pending.isEmpty { try await sink(pending) }
        pending.removeAll()
    }

    private mutating func append(_ bytes: [UInt8]) async throws {
        pending.append(contentsOf: bytes)
        if pending.count >= Self.chunkSize {
            try await sink(pending)
            pending.removeAll(keepingCapacity: true)
        }
    }

    private mutating func copy(_ url: URL, item: ZipItem, crc: inout CRC32, written: inout Int64) async throws {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ZipDownloadError.changed(fileName: item.name) }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: Self.chunkSize)
        while written <= item.size {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw ZipDownloadError.changed(fileName: item.name) }
            if count == 0 { break }
            let piece = buffer[..<count]
            piece.withUnsafeBytes { crc.update($0) }
            written += Int64(count)
            pending.append(contentsOf: piece)
            if pending.count >= Self.chunkSize {
                try await sink(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
    }

    private func localHeader(_ item: ZipItem) -> [UInt8] {
        var header = ZipBytes()
        header.u32(0x0403_4B50)
        header.u16(item.zip64Sizes ? 45 : 20)
        header.u16(Self.flags)
        header.u16(0)  // stored
        header.u16(item.dosTime)
        header.u16(item.dosDate)
        header.u32(0)  // CRC-32: in the data descriptor
        header.u32(item.zip64Sizes ? 0xFFFF_FFFF : 0)
        header.u32(item.zip64Sizes ? 0xFFFF_FFFF : 0)
        header.u16(UInt16(item.nameBytes.count))
        header.u16(item.zip64Sizes ? 20 : 0)
        header.append(item.nameBytes)
        if item.zip64Sizes {
            header.u16(0x0001)
            header.u16(16)
            header.u64(0)
            header.u64(0)
        }
        return header.bytes
    }

    private func centralHeader(_ item: ZipItem, crc: UInt32) -> [UInt8] {
        var header = ZipBytes()
        header.u32(0x0201_4B50)
        header.u16(3 << 8 | 45)  // made by: Unix, spec 4.5
        header.u16(item.zip64Sizes || item.zip64Offset ? 45 : 20)
        header.u16(Self.flags)
        header.u16(0)
        header.u16(item.dosTime)
        header.u16(item.dosDate)
        header.u32(crc)
        header.u32(item.zip64Sizes ? 0xFFFF_FFFF : UInt32(item.size))
        header.u32(item.zip64Sizes ? 0xFFFF_FFFF : UInt32(item.size))
        header.u16(UInt16(item.nameBytes.count))
        header.u16(UInt16(ZipLayout.centralExtraLength(item)))
        header.u16(0)  // comment
        header.u16(0)  // disk
        header.u16(0)  // internal attributes
        header.u32(0o100644 << 16)  // a regular file, rw-r--r--
        header.u32(item.zip64Offset ? 0xFFFF_FFFF : UInt32(item.offset))
        header.append(item.nameBytes)
        if ZipLayout.centralExtraLength(item) > 0 {
            header.u16(0x0001)
            header.u16(UInt16(ZipLayout.centralExtraLength(item) - 4))
            if item.zip64Sizes {
                header.u64(UInt64(item.size))
                header.u64(UInt64(item.size))
            }
            if item.zip64Offset { header.u64(UInt64(item.offset)) }
        }
        return header.bytes
    }

    private func endRecords(count: Int, end planned: ZipLayout.End) -> [UInt8] {
        let (centralOffset, centralSize, zip64) = (planned.centralOffset, planned.centralSize, planned.zip64)
        var end = ZipBytes()
        if zip64 {
            let recordOffset = centralOffset + centralSize
            end.u32(0x0606_4B50)
            end.u64(44)  // size of the rest of this record
            end.u16(3 << 8 | 45)
            end.u16(45)
            end.u32(0)
            end.u32(0)
            end.u64(UInt64(count))
            end.u64(UInt64(count))
            end.u64(UInt64(centralSize))
            end.u64(UInt64(centralOffset))
            end.u32(0x0706_4B50)  // locator
            end.u32(0)
            end.u64(UInt64(recordOffset))
            end.u32(1)
        }
        end.u32(0x0605_4B50)
        end.u16(0)
        end.u16(0)
        end.u16(zip64 ? 0xFFFF : UInt16(count))
        end.u16(zip64 ? 0xFFFF : UInt16(count))
        end.u32(zip64 ? 0xFFFF_FFFF : UInt32(centralSize))
        end.u32(zip64 ? 0xFFFF_FFFF : UInt32(centralOffset))
        end.u16(0)
        return end.bytes
    }
}

/// Little-endian fields appended to a byte array.
struct ZipBytes {
    private(set) var bytes: [UInt8] = []

    mutating func u16(_ value: UInt16) { bytes.append(UInt8(value & 0xFF)); bytes.append(UInt8(value >> 8)) }
    mutating func u32(_ value: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((value >> UInt32(shift)) & 0xFF)) } }
    mutating func u64(_ value: UInt64) { for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8((value >> UInt64(shift)) & 0xFF)) } }
    mutating func append(_ more: [UInt8]) { bytes.append(contentsOf: more) }
}
