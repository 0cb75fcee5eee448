@testable import AtelierStore
import GRDB
import XCTest

final class ProviderAndKeyTests: XCTestCase {
    private func addProvider(_ team: Team, name: String = "Relay", auth: AuthKind = .bearer) async throws -> ProviderRecord {
        try await team.providers.add(ProviderStore.Input(name: name, preset: "custom", baseURL: "https://relay.example.com/", authKind: auth),
                                     by: StoreFixture.lead)
    }

    func testKeysAreSealedMaskedRotatedAndRevoked() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let team = fixture.team
        let provider = try await addProvider(team)
        XCTAssertEqual(provider.baseURL, "https://relay.example.com", "trailing slash trimmed")
        let secret = "sk-live-0123456789abcdef3f9a"
        let key = try await team.keys.add(providerID: provider.id!, label: "main", secret: ProviderSecret(key: secret),
                                          expiresOn: "2026-12-01", by: StoreFixture.lead)
        XCTAssertEqual(key.mask, "sk-…3f9a")

        // Nowhere in the file is the key in clear, nor in the audit log.
        try await team.database.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: fixture.path))
        XCTAssertNil(bytes.range(of: Data(secret.utf8)))
        let audit = try await team.audit.page()
        XCTAssertFalse(audit.contains { $0.detail.contains(secret) || $0.target.contains(secret) })

        let active = try await team.keys.activeSecret(providerID: provider.id!)
        XCTAssertEqual(active?.secret.key, secret)

        let rotated = try await team.keys.rotate(keyID: key.id!, to: ProviderSecret(key: "sk-live-fedcba9876543210aaaa"),
                                                 expiresOn: nil, by: StoreFixture.lead)
        XCTAssertEqual(rotated.label, "main")
        XCTAssertEqual(rotated.expiresOn, "2026-12-01", "the expiry carries over")
        let afterRotation = try await team.keys.activeSecret(providerID: provider.id!)
        XCTAssertEqual(afterRotation?.secret.key, "sk-live-fedcba9876543210aaaa")

        try await team.keys.revoke(keyID: rotated.id!, by: StoreFixture.lead)
        let afterRevoke = try await team.keys.activeSecret(providerID: provider.id!)
        XCTAssertNil(afterRevoke)
        let listing = try await team.keys.list(providerID: provider.id!)
        XCTAssertEqual(Set(listing.map(\.key.status)), [.revoked, .replaced])
        let actions = try await team.audit.page().map(\.action)
        XCTAssertEqual(Array(actions.prefix(3)), ["key.revoked", "key.rotated", "key.added"])
    }

    func testSpendPerKeyAndExpiryReminders() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let team = fixture.team
        let provider = try await addProvider(team)
        let soon = try await team.keys.add(providerID: provider.id!, label: "soon", secret: ProviderSecret(key: "sk-soon-000000000001"),
                                           expiresOn: "2026-12-01", by: StoreFixture.lead)
        try await team.keys.add(providerID: provider.id!, label: "later", secret: ProviderSecret(key: "sk-later-00000000002"),
                                expiresOn: "2027-06-01", by: StoreFixture.lead)
        for amount in [0.5, 0.25] {
            try await team.usage.record(UsageEntry(memberId: nil, memberName: "ada", providerId: provider.id, providerName: provider.name,
                                                   apiKeyId: soon.id, model: "gpt-4o", amount: amount, unit: "USD"))
        }
        let today = KeyStore.date("2026-11-24")!
        let listing = try await team.keys.list(providerID: provider.id!, today: today)
        let soonListing = try XCTUnwrap(listing.first { $0.key.label == "soon" })
        XCTAssertEqual(soonListing.spent, 0.75, accuracy: 1e-9)
        XCTAssertEqual(soonListing.daysToExpiry, 7)
        XCTAssertTrue(soonListing.needsReminder)
        let reminders = try await team.keys.reminders(today: today)
        XCTAssertEqual(reminders.map(\.listing.key.label), ["soon"])
    }

    func testBadProviderAndKeyInputIsRefusedWithFieldNames() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let team = fixture.team
        for url in ["relay.example.com", "ftp://relay.example.com", "https://user:pw@relay.example.com", "https://", "https://a b.com"] {
            XCTAssertEqual(ProviderStore.validateBaseURL(url)?.field, "base_url", url)
        }
        XCTAssertNil(ProviderStore.validateBaseURL("http://127.0.0.1:8787"))
        let input = ProviderStore.Input(name: "", preset: "custom", baseURL: "nope", authKind: .header, authHeader: "bad header")
        XCTAssertEqual(Set(ProviderStore.validate(input).map(\.field)), ["name", "base_url", "auth_header"])
        let pair = try await addProvider(team, name: "Img Open", auth: .accessKeyPair)
        do {
            try await team.keys.add(providerID: pair.id!, label: "", secret: ProviderSecret(key: "AKID0000000001"), expiresOn: "2026-02-30",
                                    by: StoreFixture.lead)
            XCTFail("bad key input must be refused")
        } catch let failure as ValidationFailure {
            XCTAssertEqual(Set(failure.errors.map(\.field)), ["label", "pair_secret", "expires_on"])
        }
        let keys = try await team.keys.list(providerID: pair.id!)
        XCTAssertTrue(keys.isEmpty)
        do {
            _ = try await addProvider(team, name: "img open")
            XCTFail("duplicate provider names must be refused")
        } catch let failure as ValidationFailure {
            XCTAssertEqual(failure.errors, [FieldError(field: "name", code: "taken")])
        }
    }

    /// Provider and key fields are limited in bytes too: one character of many combining accents
    /// is refused by its field, and nothing is stored.
    func testProviderAndKeyFieldsAreLimitedInBytes() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let team = fixture.team
        let heavy = "R" + String(repeating: "\u{301}", count: 10_000)
        let input = ProviderStore.Input(name: heavy, preset: "custom", baseURL: "https://r.example/" + heavy, authKind: .bearer)
        XCTAssertEqual(ProviderStore.validate(input).map(\.code), ["too_many_bytes", "too_many_bytes"])
        do {
            _ = try await team.providers.add(ProviderStore.Input(name: "Relay", preset: "custom", baseURL: "https://r.example", authKind: .bearer),
                                             dashboardToken: String(repeating: "t", count: 5000), by: .system)
            XCTFail("an oversized dashboard token must be refused")
        } catch let failure as ValidationFailure {
            XCTAssertEqual(failure.errors, [FieldError(field: "dashboard_token", code: "too_long", limit: 512)])
        }
        let count = try await team.providers.count()
        XCTAssertEqual(count, 0)
        let provider = try await addProvider(team, name: "Relay", auth: .bearer)
        do {
            try await team.keys.add(providerID: provider.id!, label: heavy, secret: ProviderSecret(key: "sk-" + heavy), expiresOn: nil, by: .system)
            XCTFail("oversized key fields must be refused")
        } catch let failure as ValidationFailure {
            XCTAssertEqual(failure.errors.map(\.field), ["label", "secret"])
            XCTAssertEqual(failure.errors.map(\.code), ["too_many_bytes", "too_many_bytes"])
        }
        let keys = try await team.keys.list(providerID: provider.id!)
        XCTAssertTrue(keys.isEmpty)
    }

    func testAWrongMasterKeyStopsTheStartAndChangesNothing() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let demo = TeamBootstrap.DemoRelay(baseURL: "http://127.0.0.1:8787", apiKey: "sk-sim-demo", dashboardToken: "sim-dashboard-token",
                                           dashboardUserID: "1")
        let first = try await TeamBootstrap(database: fixture.team.database, masterKey: fixture.masterKey, databasePath: fixture.path)
            .run(leadName: "lead", leadPassword: nil, demo: demo)
        XCTAssertEqual(first.createdLead, "lead")
        XCTAssertEqual(first.generatedPassword?.count, 20)
        XCTAssertTrue(first.addedDemoProvider)
        let before = try await fixture.team.database.read { db in try Data.fetchAll(db, sql: "SELECT sealedSecret FROM apiKey") }

        let reopened = try AtelierDatabase(path: fixture.path)
        do {
            _ = try await TeamBootstrap(database: reopened, masterKey: .random(), databasePath: fixture.path)
                .run(leadName: "lead", leadPassword: nil, demo: demo)
            XCTFail("a wrong master key must stop the start")
        } catch let error as StoreError {
            XCTAssertEqual(error, .wrongMasterKey(databasePath: fixture.path))
            XCTAssertTrue(error.description.contains("Nothing was changed"))
        }
        let after = try await reopened.read { db in try Data.fetchAll(db, sql: "SELECT sealedSecret FROM apiKey") }
        XCTAssertEqual(before, after, "no key re-sealed")

        let second = try await TeamBootstrap(database: reopened, masterKey: fixture.masterKey, databasePath: fixture.path)
            .run(leadName: "lead", leadPassword: nil, demo: demo)
        XCTAssertNil(second.createdLead)
        XCTAssertFalse(second.addedDemoProvider)
        let providers = try await Team(database: reopened, masterKey: fixture.masterKey).providers.all()
        XCTAssertEqual(providers.map(\.isDemo), [true])
        let token = try Team(database: reopened, masterKey: fixture.masterKey).providers.dashboardToken(of: providers[0])
        XCTAssertEqual(token, "sim-dashboard-token")
    }
}
