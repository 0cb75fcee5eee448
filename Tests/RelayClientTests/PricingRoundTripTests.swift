@testable import RelayClient
import RelaySim
import XCTest

/// new-api's `GET /api/pricing` against relay-sim over loopback, and the reading of odd answers.
final class PricingRoundTripTests: XCTestCase {
    func testPricesPerCallAndPerTokenAreRead() async throws {
        try await withSim { sim in
            let pricing = try await sim.client.pricing()
            let imagine = try XCTUnwrap(pricing.models.first { $0.name == "mj_imagine" })
            XCTAssertEqual(imagine.pricePerCall, 0.05, "what relay-sim charges for an imagine")
            XCTAssertNil(imagine.pricePerThousandTokens)
            let chat = try XCTUnwrap(pricing.models.first { $0.name == "gpt-4o-mini" })
            XCTAssertNil(chat.pricePerCall)
            XCTAssertEqual(chat.pricePerThousandTokens ?? 0, 0.00015, accuracy: 1e-12, "ratio 0.075 × 0.002 USD")
            XCTAssertEqual(chat.completionRatio, 4)
            XCTAssertEqual(pricing.unit, "USD")
            XCTAssertTrue(Presets.demo.publishesPricing && Presets.kfcV50.publishesPricing)
            XCTAssertFalse(Presets.imgOpen.publishesPricing, "Img Open is no new-api relay")
        }
    }

    func testTheGroupRatioAppliesAndUnusableLinesAreLeftOut() throws {
        let json = try JSONParser.parse(Data("""
            {"success":true,"group_ratio":{"default":2,"vip":0.5},"data":[
              {"model_name":"mj_imagine","quota_type":1,"model_price":0.1,"model_ratio":0,"completion_ratio":0},
              {"model_name":"bad","quota_type":1,"model_price":-1},
              {"model_name":"nan","quota_type":0,"model_ratio":"NaN"},
              {"model_name":"gpt-4o","quota_type":0,"model_ratio":1.25,"completion_ratio":4},
              {"quota_type":1,"model_price":1}]}
            """.utf8))
        let pricing = try RelayPricing.decode(json)
        XCTAssertEqual(pricing.models.map(\.name), ["mj_imagine", "gpt-4o"])
        XCTAssertEqual(pricing.models[0].pricePerCall, 0.2)
        XCTAssertEqual(pricing.models[1].pricePerThousandTokens ?? 0, 0.005, accuracy: 1e-12)
        XCTAssertThrowsError(try RelayPricing.decode(try JSONParser.parse(Data(#"{"success":false,"message":"no"}"#.utf8))))
    }
}
