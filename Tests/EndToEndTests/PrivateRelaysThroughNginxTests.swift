import Foundation
import XCTest

/// A server started without `--allow-private-relays` refuses provider base URLs on its own
/// network, through the real forms behind real nginx, and its "Test connection" sends nothing
/// (no API key) to a relay on loopback.
final class PrivateRelaysThroughNginxTests: XCTestCase {
    var directory: URL!
    var sim: RelaySimProcess!
    var server: AtelierServerProcess!
    var nginx: NginxFront!

    override func setUpWithError() throws {
        directory = try TestEnvironment.temporaryDirectory("e2e-private-relays")
        sim = try RelaySimProcess(directory: directory)
        server = try AtelierServerProcess(directory: directory, demoRelay: sim.baseURL, allowPrivateRelays: false)
        nginx = try NginxFront(socket: server.socket, directory: directory)
    }

    override func tearDownWithError() throws {
        nginx?.stop()
        server?.child.stop()
        sim?.child.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    private func post(_ form: HTMLForm, _ pairs: [(String, String)], cookie: String) throws -> RawHTTPResponse {
        let (type, body) = form.body(pairs)
        return try RawHTTP.request(port: nginx.port, method: "POST", target: form.action, headers: ["Cookie": cookie, "Content-Type": type], body: body)
    }

    func testPrivateBaseURLsAreRefusedWhenSavedAndTheDemoRelayIsNeverCalled() throws {
        let signInPage = try nginx.get("/signin")
        let signIn = try XCTUnwrap(HTMLForm.all(in: signInPage.text).first { $0.action == "/signin" })
        let signedIn = try post(signIn, signIn.with("name", "lead").filter { $0.0 != "password" } + [("password", AtelierServerProcess.leadPassword)],
                                cookie: try XCTUnwrap(signInPage.cookie("atelier_csrf")))
        let cookie = try XCTUnwrap(signedIn.cookie("atelier_session"))

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
