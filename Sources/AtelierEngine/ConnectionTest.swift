import RelayClient

/// The result of trying a provider's settings and key against the provider itself.
public struct ConnectionTest: Sendable, Hashable {
    /// True when the provider answered an authenticated call.
    public var succeeded: Bool
    /// A short line for people, free of secrets: `12 models`, `balance 37.50 USD`, or the error's
    /// category and message (`unauthorized: Invalid token (HTTP 401)`).
    public var message: String
    /// The error category when it failed with a `RelayError`; nil on success or for local errors.
    public var category: RelayErrorCategory?
    /// Wall time of the whole test, in milliseconds.
    public var elapsedMilliseconds: Int

    public init(succeeded: Bool, message: String, category: RelayErrorCategory? = nil, elapsedMilliseconds: Int) {
        self.succeeded = succeeded
        self.message = message
        self.category = category
        self.elapsedMilliseconds = elapsedMilliseconds
    }
}
