import AtelierStore
@testable import AtelierWeb
import RelayClient
import XCTest

/// What a chat answer is charged: the table's price per message, or per 1,000 tokens of the
/// usage the provider reported; unknown (an unpriced entry, not 0) otherwise.
final class ChatCostTests: XCTestCase {
    private let entry = UsageEntry(memberId: 1, memberName: "mei", providerId: 2, providerName: "KFC", apiKeyId: nil, model: "gpt-4-all",
                                   amount: 0, unit: "USD")

    func testPerMessagePerTokensAndUnknown() {
        let usage = ChatUsage(promptTokens: 1500, completionTokens: 500, totalTokens: 2000)
        let perMessage = ChatCost(price: PriceRecord(providerId: 2, route: "chat", basis: .call, amount: 2), unit: "points")
        XCTAssertEqual(perMessage.expected, 2, "known before sending, for the budget check")
        let charged = perMessage.charge(entry, usage: nil)
        XCTAssertEqual(charged.amount, 2)
        XCTAssertEqual(charged.unit, "points", "the provider's one unit, also for chat")
        XCTAssertTrue(charged.isPriced)

        let perTokens = ChatCost(price: PriceRecord(providerId: 2, route: "chat", basis: .kiloTokens, amount: 0.5), unit: "USD")
        XCTAssertNil(perTokens.expected, "unknown until the usage comes")
        XCTAssertEqual(perTokens.charge(entry, usage: usage).amount, 1)
        let noReport = perTokens.charge(entry, usage: nil)
        XCTAssertFalse(noReport.isPriced, "no usage report: unknown")
        XCTAssertEqual(noReport.amount, 0)

        let none = ChatCost(price: nil, unit: "USD").charge(entry, usage: usage)
        XCTAssertFalse(none.isPriced, "no price set: unknown, not free")
    }
}
