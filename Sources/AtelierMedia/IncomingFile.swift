import Crypto
import Foundation

/// A file being received into the media folder's `.partial` area: each appended chunk is
/// size-checked, hashed and written at once, so nothing is held in memory beyond the chunk and the
/// first ``MediaFormat/headerLength`` bytes (kept to recognise the format).
///
/// Owned by one task. The owner either calls ``finish()`` and hands the result to
/// ``MediaFolder/keep(_:)``, or calls ``discard()`` on any failure.
final class IncomingFile {
    /// A completely received file, closed and synced, still at its temporary path.
    struct Received: Sendable {
        let temporaryURL: URL
        let sha256: String
        let byteCount: Int64
        let format: MediaFormat
    }

    let temporaryURL: URL
    private let handle: FileHandle
    private let kind: MediaKind
    private let limit: Int64
    /// The redacted source URL, for error messages (nil for bytes handed over directly).
    private let source: String?
    private var hasher = SHA256()
    private var byteCount: Int64 = 0
    private var header: [UInt8] = []
    private var format: MediaFormat?

    /// Creates the temporary file (exclusively) at `temporaryURL`.
    init(at temporaryURL: URL, kind: MediaKind, limit: Int64, source: String?) throws {
        let descriptor = open(temporaryURL.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw MediaError.storage(reason: "cannot create a temporary file (\(String(cString: strerror(errno))))")
        }
        self.temporaryURL = temporaryURL
        self.handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        self.kind = kind
        self.limit = limit
        self.source = source
    }

    /// Adds the next bytes. Throws ``MediaError/tooLarge(url:kind:limit:declared:)`` past the
    /// cap and ``MediaError/unexpectedType(url:expected:found:)`` as soon as the first bytes show
    /// the file is not of the expected kind.
    func append(_ bytes: UnsafeRawBufferPointer) throws {
        guard byteCount + Int64(bytes.count) <= limit else {
            throw MediaError.tooLarge(url: source, kind: kind, limit: limit, declared: nil)
        }
        if format == nil {
            header += bytes.prefix(MediaFormat.headerLength - header.count)
            if header.count == MediaFormat.headerLength { format = try recognise() }
        }
        hasher.update(bufferPointer: bytes)
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw MediaError.storage(reason: "cannot write a temporary file (\(error.localizedDescription))")
        }
        byteCount += Int64(bytes.count)
    }

    /// Closes the file once every byte is in, syncing it to disk so a crash cannot leave a
    /// truncated file under a content address.
    func finish() throws -> Received {
        let format = try format ?? recognise()
        if let problem = format.problem(header: header, byteCount: byteCount) {
            throw MediaError.unexpectedType(url: source, expected: kind, found: problem)
        }
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw MediaError.storage(reason: "cannot save a temporary file (\(error.localizedDescription))")
        }
        let hex = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return Received(temporaryURL: temporaryURL, sha256: hex, byteCount: byteCount, format: format)
    }

    /// Closes and deletes the temporary file (after a failure; harmless when already gone).
    func discard() {
        try? handle.close()
        try? FileManager.default.removeItem(at: temporaryURL)
    }

    /// The format of the header read so far, which must be of the expected kind.
    private func recognise() throws -> MediaFormat {
        guard let format = MediaFormat.identify(header, expecting: kind) else {
            throw MediaError.unexpectedType(url: source, expected: kind, found: MediaFormat.describeUnknown(header))
        }
        guard format.kind == kind else {
            throw MediaError.unexpectedType(url: source, expected: kind, found: "\(format.kind.rawValue) (\(format.mimeType))")
        }
        return format
    }
}
