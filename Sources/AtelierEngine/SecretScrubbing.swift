import Foundation
import RelayClient

/// Last line of defence before a message is stored, logged or shown: the provider's own secret
/// values are replaced even if an error text somehow carried them. (RelayClient already scrubs
/// what it throws; this also covers errors that did not come from it.)
struct SecretScrubbing: Sendable {
    /// Values to hide; very short ones are ignored (they would mangle ordinary words).
    let secrets: [String]

    init(_ secrets: [String?]) {
        self.secrets = secrets.compactMap { $0 }.filter { $0.count >= 4 }
    }

    func scrub(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "[redacted]") }
    }

    /// One line for an error, for people: a `RelayError`'s message (with its HTTP status when
    /// there was one; its category is for code, not for this line), a connector error's
    /// description, or the error's own description.
    func message(for error: any Error) -> String {
        let text: String
        switch error {
        case let relay as RelayError:
            text = relay.message + (relay.httpStatus.map { " (HTTP \($0))" } ?? "")
        case let connector as ConnectorError:
            text = connector.description
        default:
            text = String(describing: error)
        }
        return scrub(text)
    }
}
