/// Why a configured provider cannot be turned into a working client. Messages name the
/// provider and say what to do; they never hold a secret.
public enum ConnectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The provider has no active API key (none added, or all revoked or replaced).
    case noActiveKey(providerName: String)
    /// A sealed secret of the provider does not open with the master key in use.
    case unreadableSecret(providerName: String)
    /// The stored settings cannot make a client (e.g. header authentication without a header name).
    case invalidConfiguration(providerName: String, reason: String)
    /// No provider has this id.
    case providerNotFound(id: Int64)
    /// The base URL reaches an address the server's `RelayAddressPolicy` refuses.
    case forbiddenAddress(providerName: String, refusal: RelayAddressPolicy.Refusal)

    public var description: String {
        switch self {
        case .noActiveKey(let name):
            return "\(name) has no active API key; add one (atelier key add \"\(name)\" --label …)"
        case .unreadableSecret(let name):
            return "a sealed secret of \(name) does not open with this master key"
        case .invalidConfiguration(let name, let reason):
            return "\(name) is misconfigured: \(reason)"
        case .providerNotFound(let id):
            return "no provider has id \(id)"
        case .forbiddenAddress(let name, let refusal):
            return "\(name)'s base URL is refused: \(refusal)"
        }
    }
}
