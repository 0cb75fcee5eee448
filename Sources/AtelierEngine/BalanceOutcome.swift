import AtelierStore

/// What one balance refresh of one provider came to.
public struct BalanceOutcome: Sendable, Hashable {
    /// How the refresh ended.
    public enum Result: Sendable, Hashable {
        /// The provider answered; the reading was recorded.
        case recorded(BalanceReading)
        /// The refresh failed; the message (free of secrets) was stored as the provider's
        /// `lastBalanceError`.
        case failed(String)
        /// The provider's preset documents no balance endpoint: nothing was asked or stored.
        case noBalanceEndpoint
    }

    public var providerID: Int64
    public var providerName: String
    public var result: Result

    public init(providerID: Int64, providerName: String, result: Result) {
        self.providerID = providerID
        self.providerName = providerName
        self.result = result
    }

    /// The recorded reading, when there is one.
    public var reading: BalanceReading? {
        if case .recorded(let reading) = result { return reading }
        return nil
    }

    /// The failure message, when the refresh failed.
    public var errorMessage: String? {
        if case .failed(let message) = result { return message }
        return nil
    }

    /// A short line for people: the amount and unit, the error, or "no balance endpoint".
    public var summary: String {
        switch result {
        case .recorded(let reading):
            return reading.isUnlimited ? "unlimited" : "\(Self.format(reading.amount)) \(reading.unit)"
        case .failed(let message):
            return "error: \(message)"
        case .noBalanceEndpoint:
            return "no balance endpoint"
        }
    }

    /// Up to four decimals, at least two: `37.50`, `0.002`.
    static func format(_ value: Double) -> String {
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0"), let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) > 3 {
            text.removeLast()
        }
        return text
    }
}
