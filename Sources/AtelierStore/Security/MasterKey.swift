import Crypto
import Foundation

/// The key that seals provider secrets. It lives outside the database: in the environment
/// variable `ATELIER_MASTER_KEY` (base64 of 32 bytes) or in a file created with mode 0600 on
/// first start.
public struct MasterKey: Sendable {
    /// The AES-256 key's bytes (kept as bytes: `SymmetricKey` is not `Sendable` in swift-crypto 3).
    private let bytes: [UInt8]

    /// The AES-256 key.
    var key: SymmetricKey { SymmetricKey(data: bytes) }

    /// Why the master key cannot be had; each message says what to do.
    public enum LoadError: Error, CustomStringConvertible, Equatable {
        case malformed(source: String)
        case unreadable(path: String, reason: String)
        case tooOpen(path: String, mode: String)

        public var description: String {
            switch self {
            case .malformed(let source):
                return "the master key in \(source) is not base64 of 32 bytes; restore the original key (never generate a new one for an existing database)"
            case .unreadable(let path, let reason):
                return "cannot read or create the master key file \(path): \(reason)"
            case .tooOpen(let path, let mode):
                return "the master key file \(path) has mode \(mode); it must be readable by its owner only (chmod 600 \(path))"
            }
        }
    }

    /// A 32-byte key for another purpose (e.g. `callback tokens`), derived with HKDF so that
    /// it is stable across restarts and reveals nothing of the master key.
    public func derivedKey(for purpose: String) -> Data {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data("atelier: \(purpose)".utf8), outputByteCount: 32)
            .withUnsafeBytes { Data($0) }
    }

    /// A new random key.
    public static func random() -> MasterKey {
        MasterKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Decodes a base64 key; nil when it is not 32 bytes.
    public init?(base64: String) {
        guard let bytes = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32
        else { return nil }
        self.bytes = Array(bytes)
    }

    /// The key from `ATELIER_MASTER_KEY` when set, otherwise from `file`, which is created with
    /// a new random key (mode 0600) when missing. `created` tells whether a new key was made.
    public static func load(file: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> (key: MasterKey, created: Bool)
    {
        if let value = environment["ATELIER_MASTER_KEY"], !value.isEmpty {
            guard let key = MasterKey(base64: value) else { throw LoadError.malformed(source: "ATELIER_MASTER_KEY") }
            return (key, false)
        }
        if FileManager.default.fileExists(atPath: file) {
            let attributes = try? FileManager.default.attributesOfItem(atPath: file)
            if let mode = (attributes?[.posixPermissions] as? NSNumber)?.uint16Value, mode & 0o077 != 0 {
                throw LoadError.tooOpen(path: file, mode: String(mode, radix: 8))
            }
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw LoadError.unreadable(path: file, reason: "not readable as text")
            }
            guard let key = MasterKey(base64: text) else { throw LoadError.malformed(source: file) }
            return (key, false)
        }
        let key = MasterKey.random()
        try key.writeNew(to: file)
        return (key, true)
    }

    private func writeNew(to file: String) throws {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw LoadError.unreadable(path: file, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        let text = Array((Data(bytes).base64EncodedString() + "\n").utf8)
        guard write(descriptor, text, text.count) == text.count else {
            throw LoadError.unreadable(path: file, reason: String(cString: strerror(errno)))
        }
    }
}
