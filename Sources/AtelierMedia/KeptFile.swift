/// A provider output stored in the media folder under its content address.
public struct KeptFile: Sendable, Hashable {
    /// Path inside the media folder: `ab/cd/<sha256>.<ext>`.
    public let relativePath: String
    /// Size of the stored file in bytes.
    public let byteCount: Int64
    /// SHA-256 of the content, lowercase hex.
    public let sha256: String
    /// MIME type read from the file's own bytes (never from the server's Content-Type).
    public let mimeType: String

    public init(relativePath: String, byteCount: Int64, sha256: String, mimeType: String) {
        self.relativePath = relativePath
        self.byteCount = byteCount
        self.sha256 = sha256
        self.mimeType = mimeType
    }
}
