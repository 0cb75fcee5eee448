import AtelierStore
import Crypto
import Foundation

/// The unguessable token in a task's callback URL (`/hooks/<token>`): an HMAC of the task id
/// under a key only the server holds, so the engine can rebuild it after a restart without
/// storing it. Only its SHA-256 is stored, to find the task a callback belongs to.
struct CallbackToken: Sendable {
    let value: String

    init(taskID: String, key: Data) {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("atelier-callback:\(taskID)".utf8), using: SymmetricKey(data: key))
        value = Data(mac).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    var digest: String { Self.digest(of: value) }

    static func digest(of token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).lowercaseHex
    }
}
