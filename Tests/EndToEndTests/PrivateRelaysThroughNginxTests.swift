import Foundation
import XCTest

/// A server started without `--allow-private-relays` refuses provider base URLs on its own
/// network, through the real forms behind real nginx, and its "Test connection" sends nothing
/// (no API key) to a relay on loopback.
final class PrivateRelaysThroughNginxTests: RelaySimBehindNginxTestCase {
    override class var folderPrefix: String { "e2e-private-relays" }
    override class var allowsPrivateRelays: Bool { false }

    func testPrivateBaseURLsAreRefusedWhenSavedAndTheDemoRelayIsNeverCalled() throws {
        let cookie = try signIn("lead", AtelierServerProcess.leadPassword)

        let providers = try nginx.get("/providers", headers: ["Cookie": cookie])
        let add = try XCTUnwrap(HTMLForm.all(in: providers.text).first { $0.action == "/providers" && $0.method == "post" })
        for url in ["http://169.254.169.254/", "http://127.0.0.1:22/", "http://0x7f.1:22", "http://2130706433:22", "http://[::1]:22/"] {
            var pairs = add.with("name", "Probe").filter { !["base_url", "preset"].contains($0.0) }
            pairs += [("base_url", url), ("preset", "custom")]
            let answer = try post(add, pairs, cookie: cookie)
            XCTAssertEqual(answer.status, 422, url)
            XCTAssertTrue(answer.text.contains("on the server&#39;s own network") || answer.text.contains("on the server's own network"), url)
            XCTAssertTrue(answer.text.contains(url.replacingOccurrences(of: "&", with: "&amp;")), "what was typed stays: \(url)")
        }
        XCTAssertFalse(try nginx.get("/providers", headers: ["Cookie": cookie]).text.contains("Probe"), "nothing was saved")

        // The demo relay (relay-sim on loopback) was added at the first start; testing it sends nothing.
        let page = try nginx.get("/providers/1", headers: ["Cookie": cookie])
        let test = try XCTUnwrap(HTMLForm.all(in: page.text).first { $0.action == "/providers/1/test" })
        let tested = try post(test, test.with("_csrf", test.fields.first { $0.name == "_csrf" }?.value ?? ""), cookie: cookie)
        XCTAssertEqual(tested.status, 200)
        XCTAssertTrue(tested.text.contains("--allow-private-relays"), tested.text)
        let stats = try RawHTTP.request(port: sim.port, target: "/sim/stats")
        XCTAssertTrue(stats.text.contains(#""total":1"#), "only this look at the stats reached relay-sim: \(stats.text)")
    }
}
