import AtelierStore
@testable import AtelierWeb
import FastCGI
import RelaySim
import XCTest

/// Provider and key pages: forms that come back with their messages, keys that never reach HTML.
final class ProviderPagesTests: XCTestCase {
    func testMalformedBaseURLComesBackWithTheMessageAndWhatWasTyped() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let browser = WebHarness.Browser(harness)
        let csrf = try await browser.signIn("lead", WebHarness.leadPassword)
        let (response, html) = await browser.post("/providers", [
            ("preset", "no1-api"), ("name", "<img src=x onerror=alert(1)>"), ("base_url", "relay.example.com/v1"),
            ("warning_threshold", "ten"), ("dashboard_token", "dash-secret-123"),
        ], csrf: csrf)
        XCTAssertEqual(response.status, .unprocessableContent)
        XCTAssertTrue(html.contains("Give a full http:// or https:// address"), "message by the base URL field")
        XCTAssertTrue(html.contains("Give a number of zero or more."))
        XCTAssertTrue(html.contains(#"value="relay.example.com/v1""#), "typed URL kept")
        XCTAssertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "typed name kept, escaped")
        XCTAssertTrue(html.contains(#"<option value="no1-api" selected>"#))
        XCTAssertFalse(html.contains("dash-secret-123"), "a secret is never sent back")
        let count = try await harness.team.providers.count()
        XCTAssertEqual(count, 0)
    }

    func testKeysShowOnlyAsMasksAndRotateAndRevokeInOneClick() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let browser = WebHarness.Browser(harness)
        let csrf = try await browser.signIn("lead", WebHarness.leadPassword)
        let (added, _) = await browser.post("/providers", [("preset", "kfc-v50"), ("name", "KFC"), ("base_url", "https://kfc.example.com/")],
                                            csrf: csrf)
        XCTAssertEqual(added.status, .seeOther)
        let location = try XCTUnwrap(added.headers["location"])
        XCTAssertTrue(location.hasPrefix("/providers/"))
        let providerPath = String(location.split(separator: "?")[0])

        let secret = "sk-kfc-live-0123456789abcdef3f9a"
        let (badKey, badHTML) = await browser.post(providerPath + "/keys", [("label", "main"), ("secret", "sk with spaces"),
                                                                           ("expires_on", "2027-13-01")], csrf: csrf)
        XCTAssertEqual(badKey.status, .unprocessableContent)
        XCTAssertTrue(badHTML.contains("Keys contain no spaces"))
        XCTAssertTrue(badHTML.contains("Give a date as YYYY-MM-DD."))
        XCTAssertTrue(badHTML.contains(#"value="main""#), "the label is kept")
        XCTAssertFalse(badHTML.contains("sk with spaces"), "the secret is not")

        let (keyAdded, _) = await browser.post(providerPath + "/keys", [("label", "main"), ("secret", secret), ("expires_on", "")], csrf: csrf)
        XCTAssertEqual(keyAdded.status, .seeOther)
        let (_, page) = await browser.get(providerPath)
        XCTAssertTrue(page.contains("sk-…3f9a"))
        XCTAssertFalse(page.contains(secret))
        let (_, list) = await browser.get("/providers")
        XCTAssertTrue(list.contains("sk-…3f9a"))
        XCTAssertFalse(list.contains(secret))

        let providerID = try XCTUnwrap(Int64(providerPath.split(separator: "/").last!))
        let listing = try await harness.team.keys.list(providerID: providerID)
        let keyID = try XCTUnwrap(listing.first?.key.id)
        let (rotated, _) = await browser.post("\(providerPath)/keys/\(keyID)/rotate", [("secret", "sk-kfc-live-fedcba98765432100000")],
                                              csrf: csrf)
        XCTAssertEqual(rotated.status, .seeOther)
        let active = try await harness.team.keys.activeSecret(providerID: providerID)
        XCTAssertEqual(active?.secret.key, "sk-kfc-live-fedcba98765432100000")
        let (revoked, _) = await browser.post("\(providerPath)/keys/\(active!.key.id!)/revoke", [], csrf: csrf)
        XCTAssertEqual(revoked.status, .seeOther)
        let none = try await harness.team.keys.activeSecret(providerID: providerID)
        XCTAssertNil(none)
        // A key id of another provider is not found through this provider.
        let (foreign, _) = await browser.post("/providers/999/keys/\(keyID)/revoke", [], csrf: csrf)
        XCTAssertEqual(foreign.status, .notFound)

        let (_, audit) = await browser.get("/audit")
        XCTAssertTrue(audit.contains("key.rotated") && audit.contains("key.revoked") && audit.contains("key.added"))
        XCTAssertFalse(audit.contains(secret) || audit.contains("fedcba9876543210"))
    }

    func testTestingARelayWithNoTestCallSaysNothingWasTriedAndAuditsNoFailure() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let browser = WebHarness.Browser(harness)
        let csrf = try await browser.signIn("lead", WebHarness.leadPassword)
        let record = try await harness.team.providers.add(
            ProviderStore.Input(name: "Images", preset: "img-open", baseURL: "https://img.example.com/", authKind: .accessKeyPair), by: .system)
        try await harness.team.keys.add(providerID: record.id!, label: "main", secret: ProviderSecret(key: "access-id", pairSecret: "pair-secret"),
                                        expiresOn: nil, by: .system)
        let (response, html) = await browser.post("/providers/\(record.id!)/test", [], csrf: csrf)
        XCTAssertEqual(response.status, .ok)
        XCTAssertTrue(html.contains(#"<p class="banner" role="status">This relay has no call to test a connection with, so nothing was tried: its key is tried with the first task.</p>"#), html)
        XCTAssertFalse(html.contains("Connection failed"))
        XCTAssertFalse(html.contains(#"class="problem""#))
        let (_, audit) = await browser.get("/audit")
        XCTAssertFalse(audit.contains("provider.test_failed"), "nothing was tried, so no failed test is recorded")
    }

    func testAFailedConnectionTestSaysWhyInPlainWordsWithoutInternalNames() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let sim = RelaySimulator(configuration: SimulatorConfiguration(deliverCallbacks: false))
        _ = try await sim.start()
        defer { Task { try? await sim.shutdown() } }
        let browser = WebHarness.Browser(harness)
        let csrf = try await browser.signIn("lead", WebHarness.leadPassword)
        let record = try await harness.team.providers.add(
            ProviderStore.Input(name: "Sim", preset: "demo", baseURL: sim.baseURL, authKind: .bearer), by: .system)
        try await harness.team.keys.add(providerID: record.id!, label: "main", secret: ProviderSecret(key: "sk-not-the-sim-key-1234"),
                                        expiresOn: nil, by: .system)
        let (_, html) = await browser.post("/providers/\(record.id!)/test", [], csrf: csrf)
        XCTAssertTrue(html.contains(#"<p class="problem" role="status">Connection failed: The provider refused the API key. "#), html)
        XCTAssertTrue(html.contains("(HTTP 401)"))
        XCTAssertFalse(html.contains("unauthorized:"), "no internal category name")
    }

    func testMembersCannotReachProviderPages() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let provider = try await harness.team.providers.add(
            ProviderStore.Input(name: "R", preset: "custom", baseURL: "https://r.example", authKind: .bearer), by: .system)
        try await harness.team.members.add(name: "ada", displayName: "", role: .member, password: "ada password", by: .system)
        let browser = WebHarness.Browser(harness)
        let csrf = try await browser.signIn("ada", "ada password")
        for path in ["/providers", "/providers/\(provider.id!)"] {
            let (response, _) = await browser.get(path)
            XCTAssertEqual(response.status, .forbidden, path)
        }
        let (posted, _) = await browser.post("/providers/\(provider.id!)/keys", [("label", "x"), ("secret", "sk-member-000000000000")], csrf: csrf)
        XCTAssertEqual(posted.status, .forbidden)
        let keys = try await harness.team.keys.list(providerID: provider.id!)
        XCTAssertTrue(keys.isEmpty)
    }
}
