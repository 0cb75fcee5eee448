import Foundation

/// The folder uploads are streamed to while their request runs (`--uploads`). Every studio form
/// has a file input, and browsers send a file part even when it is empty, so a missing or
/// read-only folder would fail them all: it is made at start (0700) and a start without a
/// writable one stops with a clear message.
enum UploadFolder {
    static func prepare(_ path: String) throws {
        let folder = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw StartError(message: "cannot create the uploads folder \(path) (--uploads): \(error.localizedDescription)")
            }
        } else if !isDirectory.boolValue {
            throw StartError(message: "the uploads folder \(path) (--uploads) is not a folder")
        }
        // A probe made the way uploads are (mkstemp), removed at once.
        var template = Array(folder.appendingPathComponent("atelier-probe-XXXXXX").path.utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard descriptor >= 0 else {
            throw StartError(message: "the uploads folder \(path) (--uploads) is not writable: \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        let probe = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        try? FileManager.default.removeItem(atPath: probe)
    }
}
