import Foundation

/// The secret part of an API key as the user typed it: the key, plus the access key secret for
/// providers that authenticate with a pair (Img Open).
public struct ProviderSecret: Codable, Sendable, Hashable, CustomStringConvertible {
    public var key: String
    public var pairSecret: String?

    public init(key: String, pairSecret: String? = nil) {
        self.key = key
        self.pairSecret = pairSecret
    }

    /// Never the secret itself.
    public var description: String { "ProviderSecret(\(KeyMask.mask(key)))" }
}
