import RelayClient

/// The result of trying a provider's settings and key against the provider itself.
public struct ConnectionTest: Sendable, Hashable {
    /// True when the provider answered an authenticated call.
    public var succeeded: Bool
    /// True when nothing was tried: the provider has neither a models list nor a balance to test
    /// with, so its key is first tried by a task (`succeeded` is false).
    public var isUntestable: Bool
    /// A short line for people, free of secrets: `12 models`, `balance 37.50 USD`, or the error's
    /// message (`Invalid token (HTTP 401)`; its category is in `category`).
    public var message: String
    /// The error category when it failed with a `RelayError`; nil on success or for local errors.
    public var category: RelayErrorCategory?
    /// Wall time of the whole test, in milliseconds.
    public var elapsedMilliseconds: Int

    public init(succeeded: Bool, isUntestable: Bool = false, message: String, category: RelayErrorCategory? = nil,
                elapsedMilliseconds: Int) {
        self.succeeded = succeeded
        self.isUntestable = isUntestable
        self.message = message
        self.category = category
        self.elapsedMilliseconds = elapsedMilliseconds
    }
}
