import Foundation

/// The media folder's layout: finished files under their content address
/// `ab/cd/<sha256>.<ext>`, files still arriving under `.partial/` (same file system, so the move
/// into place is an atomic `rename`).
struct MediaFolder: Sendable {
    let root: URL

    private var partialFolder: URL { root.appendingPathComponent(".partial", isDirectory: true) }

    /// A new, empty temporary file for one output.
    func incoming(kind: MediaKind, limit: Int64, source: String?) throws -> IncomingFile {
        do {
            try FileManager.default.createDirectory(at: partialFolder, withIntermediateDirectories: true)
        } catch {
            throw MediaError.storage(reason: "cannot create \(partialFolder.path) (\(error.localizedDescription))")
        }
        let temporaryURL = partialFolder.appendingPathComponent("\(UUID().uuidString).part")
        return try IncomingFile(at: temporaryURL, kind: kind, limit: limit, source: source)
    }

    /// Moves a received file to its content address; when that file already exists (same bytes),
    /// the new copy is dropped instead.
    func keep(_ file: IncomingFile.Received) throws -> KeptFile {
        let hash = file.sha256
        let directory = "\(hash.prefix(2))/\(hash.dropFirst(2).prefix(2))"
        let relativePath = "\(directory)/\(hash).\(file.format.fileExtension)"
        let destination = root.appendingPathComponent(relativePath)
        let kept = KeptFile(relativePath: relativePath, byteCount: file.byteCount, sha256: hash, mimeType: file.format.mimeType)
        if FileManager.default.fileExists(atPath: destination.path) {
            try? FileManager.default.removeItem(at: file.temporaryURL)
            return kept
        }
        do {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(directory, isDirectory: true), withIntermediateDirectories: true)
        } catch {
            throw MediaError.storage(reason: "cannot create \(directory) (\(error.localizedDescription))")
        }
        // rename(2) replaces atomically: a concurrent keep of the same bytes wins or loses harmlessly.
        guard rename(file.temporaryURL.path, destination.path) == 0 else {
            throw MediaError.storage(reason: "cannot move a file into place (\(String(cString: strerror(errno))))")
        }
        return kept
    }
}
