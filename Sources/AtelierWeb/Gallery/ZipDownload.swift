import AtelierStore
import FastCGI
import Foundation

/// One kept file of a ZIP download and the facts its `metadata.csv` row lists.
public struct ZipDownloadEntry: Sendable, Hashable {
    /// The name wanted inside the archive; made safe and unique (see ``ZipDownload/fileNames``).
    public var fileName: String
    /// The kept file on disk.
    public var file: URL
    public var prompt: String
    public var model: String
    public var provider: String
    public var member: String
    /// The cost as the team reads it (`0.04 USD`), empty when unknown.
    public var cost: String
    /// When the output was made.
    public var time: Date

    public init(fileName: String, file: URL, prompt: String, model: String, provider: String, member: String, cost: String, time: Date) {
        self.fileName = fileName
        self.file = file
        self.prompt = prompt
        self.model = model
        self.provider = provider
        self.member = member
        self.cost = cost
        self.time = time
    }
}

/// Why a ZIP download cannot be made or was cut off.
public enum ZipDownloadError: Error, Sendable, Equatable {
    /// A kept file is missing or unreadable (checked before anything is sent).
    case unreadable(fileName: String)
    /// A file's size changed between the plan and its reading: the stream stops there.
    case changed(fileName: String)
}

/// A ZIP of kept files plus a `metadata.csv` (prompt, model, provider, member, cost, time, file
/// name), written piece by piece into a streamed response: the files are read 64 KiB at a time
/// and never held whole, so a selection of any size costs the server one buffer.
///
/// Entries are *stored* (media files are compressed already), each followed by a data
/// descriptor carrying its CRC-32, computed while it streams. Every size and offset is known
/// before the first byte (``byteCount`` is sent as `Content-Length`, so browsers show progress).
/// Past 4 GiB, or past 65,535 entries, the archive uses ZIP64 records, which unzip 6, Python's
/// zipfile, 7-Zip, Windows Explorer and macOS read.
///
/// Not ZIPFoundation: its `Archive` writes to a file or to a `Data` it holds (seeking back to
/// patch each local header), so streaming with it would mean a temporary copy of the whole
/// selection on disk or in memory. The stored format needs only headers, the files' bytes and
/// CRC-32, written here in order.
public struct ZipDownload: Sendable {
    /// The name of the metadata file, first in the archive.
    public static let metadataFileName = "metadata.csv"

    let items: [ZipItem]
    let metadata: ZipMetadataCSV
    let end: ZipLayout.End
    /// The archive's exact length in bytes.
    public var byteCount: Int64 { end.archiveByteCount }
    /// The names inside the archive, in the entries' order (after ``metadataFileName``).
    public var fileNames: [String] { items.dropFirst().map(\.name) }

    /// Plans the archive: checks every file is readable and notes its size (nothing is read yet).
    /// - Throws: ``ZipDownloadError/unreadable(fileName:)`` naming the first file that is not.
    public init(entries: [ZipDownloadEntry], now: Date = Date()) throws {
        try self.init(entries: entries, now: now, zip64Threshold: ZipLayout.zip64Threshold)
    }

    /// `zip64Threshold` lower than 4 GiB lets tests check the ZIP64 records on small files.
    init(entries: [ZipDownloadEntry], now: Date, zip64Threshold: Int64) throws {
        var names = ZipEntryNames()
        names.reserve(Self.metadataFileName)
        var named: [(entry: ZipDownloadEntry, name: String, size: Int64)] = []
        named.reserveCapacity(entries.count)
        for entry in entries {
            guard let size = Self.size(of: entry.file) else { throw ZipDownloadError.unreadable(fileName: entry.fileName) }
            named.append((entry, names.name(for: entry.fileName), size))
        }
        let metadata = ZipMetadataCSV(rows: named.map { ($0.entry, $0.name) })
        var layout = ZipLayout(zip64Threshold: zip64Threshold)
        var items = [layout.add(name: Self.metadataFileName, source: .metadata, size: metadata.byteCount, time: now)]
        for (entry, name, size) in named {
            items.append(layout.add(name: name, source: .file(entry.file), size: size, time: entry.time))
        }
        self.items = items
        self.metadata = metadata
        self.end = layout.end(entryCount: items.count)
    }

    /// Writes the archive into `sink`, in pieces of about 64 KiB.
    /// - Throws: ``ZipDownloadError/changed(fileName:)`` when a file no longer has its planned
    ///   size, or whatever `sink` throws (the client went away); the stream stops there.
    public func write(to sink: @escaping @Sendable ([UInt8]) async throws -> Void) async throws {
        var writer = ZipStreamWriter(sink: sink)
        for item in items {
            try await writer.write(item, metadata: metadata)
        }
        try await writer.finish(items, end: end)
    }

    /// A `200` streaming the archive as an attachment named `downloadName` (`.zip` added when
    /// missing), with its `Content-Length`.
    public func response(downloadName: String) -> Response {
        var name = ZipEntryNames.sanitised(downloadName)
        if !name.lowercased().hasSuffix(".zip") { name += ".zip" }
        let ascii = String(String.UnicodeScalarView(name.unicodeScalars.map { $0.isASCII ? $0 : "_" }))
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ascii
        let headers: HeaderFields = [
            "content-type": "application/zip",
            "content-disposition": "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)",
            "content-length": String(byteCount),
            "cache-control": "private, no-store",
        ]
        return Response(status: .ok, headers: headers, body: .stream { writer in
            try await write { try await writer.write($0) }
        })
    }

    private static func size(of file: URL) -> Int64? {
        var info = stat()
        guard stat(file.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, access(file.path, R_OK) == 0 else { return nil }
        return Int64(info.st_size)
    }
}
