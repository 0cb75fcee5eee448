import Crypto
import Foundation

/// Seals provider secrets with AES-256-GCM under the master key. Each sealed value is bound to
/// what it belongs to (associated data such as `api-key:provider=3`), so a sealed blob moved to
/// another row does not open.
public struct SecretSealer: Sendable {
    private let masterKey: MasterKey

    public init(masterKey: MasterKey) {
        self.masterKey = masterKey
    }

    /// The secret could not be opened: another master key, or a damaged or moved blob.
    public struct OpenError: Error, CustomStringConvertible {
        public var description: String { "a sealed secret does not open with this master key" }
    }

    /// Nonce, ciphertext and tag in one blob.
    public func seal(_ secret: String, context: String) throws -> Data {
        let box = try AES.GCM.seal(Data(secret.utf8), using: masterKey.key, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw OpenError() }
        return combined
    }

    public func open(_ sealed: Data, context: String) throws -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            let plain = try AES.GCM.open(box, using: masterKey.key, authenticating: Data(context.utf8))
            guard let text = String(data: plain, encoding: .utf8) else { throw OpenError() }
            return text
        } catch {
            throw OpenError()
        }
    }
}
