import AtelierEngine
import AtelierStore
import Foundation
import RelayClient
import XCTest

/// Provider base URLs on the server's own network are refused unless the server allows private
/// relays: when saved (the forms ask `refusal(for:)`) and again before every connection.
final class RelayAddressPolicyTests: XCTestCase {
    func testAddressesOutsideThePublicInternetAreRefusedInAnySpelling() async {
        let refused = [
            "http://169.254.169.254/", "http://127.0.0.1:22/", "http://0x7f.1:22", "http://2130706433:22", "http://127.1/",
            "http://[::1]:8080/", "http://[::ffff:127.0.0.1]/", "http://10.1.2.3/v1", "https://192.168.0.10", "http://localhost:8787",
            "http://0.0.0.0:80", "http://[fe80::1]/",
        ]
        for url in refused {
            let refusal = await RelayAddressPolicy.publicOnly.refusal(for: url)
            XCTAssertNotNil(refusal, url)
            XCTAssertTrue(refusal?.description.contains("--allow-private-relays") == true, url)
        }
        for url in ["https://93.184.216.34/v1", "https://relay.invalid", "not a url", ""] {
            let refusal = await RelayAddressPolicy.publicOnly.refusal(for: url)
            XCTAssertNil(refusal, "\(url): public, or nothing to connect to")
        }
        let allowed = await RelayAddressPolicy.anyAddress.refusal(for: "http://169.254.169.254/")
        XCTAssertNil(allowed)
    }

    /// "Test connection" against relay-sim on loopback: refused before any request, so the key
    /// never leaves the server.
    func testAConnectionToALoopbackRelayIsRefusedBeforeTheKeyIsSent() async throws {
        try await withEngine { fixture in
            let record = try await fixture.addProvider("Local relay")
            let strict = ProviderConnector(team: fixture.team, transport: fixture.transport, addressPolicy: .publicOnly)
            let test = await strict.testConnection(record)
            XCTAssertFalse(test.succeeded)
            XCTAssertTrue(test.message.contains("Local relay's base URL is refused: 127.0.0.1 is 127.0.0.1, a loopback (127.0.0.0/8) address"),
                          test.message)
            do {
                _ = try await strict.client(for: record)
                XCTFail("no client for a loopback relay")
            } catch let error as ConnectorError {
                guard case .forbiddenAddress = error else { return XCTFail("\(error)") }
            }
            let stats = try await fixture.transport.send(HTTPRequest(method: "GET", url: fixture.simulator.baseURL + "/sim/stats"))
            XCTAssertTrue(String(decoding: stats.body, as: UTF8.self).contains(#""total":1"#),
                          "nothing reached the relay before this look at its stats: \(String(decoding: stats.body, as: UTF8.self))")
        }
    }
}
