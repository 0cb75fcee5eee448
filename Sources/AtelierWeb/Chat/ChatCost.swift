import AtelierStore
import RelayClient

/// What a chat message costs: the `chat` price of the provider's table for the model, per
/// message or per 1,000 tokens of the answer's usage (prompt and completion together), in the
/// provider's unit. Without a price, or per token without a usage report, the cost is unknown.
struct ChatCost: Sendable {
    var price: PriceRecord?
    var unit: String

    /// What the message is known to cost before it is sent (per message only), for the budget check.
    var expected: Double? { price?.basis == .call ? price?.amount : nil }

    /// What the answer cost, given the usage the provider reported (if any).
    func amount(usage: ChatUsage?) -> Double? {
        guard let price else { return nil }
        switch price.basis {
        case .call, .image: return price.amount
        case .kiloTokens:
            guard let usage, usage.totalTokens >= 0 else { return nil }
            return price.amount * Double(usage.totalTokens) / 1000
        }
    }

    /// The usage entry to keep for an answer: `entry` with the cost, or marked unpriced.
    func charge(_ entry: UsageEntry, usage: ChatUsage?) -> UsageEntry {
        var entry = entry
        entry.unit = unit
        if let amount = amount(usage: usage) {
            entry.amount = amount
        } else {
            entry.amount = 0
            entry.isPriced = false
        }
        return entry
    }
}
