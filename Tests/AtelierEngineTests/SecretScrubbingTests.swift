@testable import AtelierEngine
import RelayClient
import XCTest

final class SecretScrubbingTests: XCTestCase {
    struct EchoingError: Error, CustomStringConvertible {
        var description: String
    }

    func testTheProvidersOwnSecretsNeverReachAMessage() {
        let scrubbing = SecretScrubbing(["access-id-1234", "pair-secret-5678", nil, "abc"])
        let message = scrubbing.message(for: EchoingError(description: "refused access-id-1234 with pair-secret-5678 (abc)"))
        XCTAssertEqual(message, "refused [redacted] with [redacted] (abc)")
    }

    func testRelayErrorsKeepMessageAndStatusWithoutTheInternalCategoryName() {
        let error = RelayError(.unauthorized, "Invalid token", httpStatus: 401)
        XCTAssertEqual(SecretScrubbing([]).message(for: error), "Invalid token (HTTP 401)")
        XCTAssertEqual(SecretScrubbing([]).message(for: ConnectorError.noActiveKey(providerName: "P")),
                       ConnectorError.noActiveKey(providerName: "P").description)
    }
}
