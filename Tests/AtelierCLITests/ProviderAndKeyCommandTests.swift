import AtelierStore
import Foundation
import XCTest

final class ProviderAndKeyCommandTests: XCTestCase {
    let secret = "sk-cli-test-secret-0123456789abcdef"

    func testKeyAddThenProviderListShowsOnlyTheMask() async throws {
        try await withCLI { cli in
            let added = try await cli.succeed(["provider", "add", "Sim relay", "--preset", "demo", "--base-url", "http://127.0.0.1:9/",
                                               "--warning-threshold", "5"])
            XCTAssertTrue(added.stdout.contains("added Sim relay"), added.stdout)
            let key = try await cli.succeed(["key", "add", "Sim relay", "--label", "main", "--expires", "2030-01-31"],
                                            env: ["ATELIER_API_KEY": secret])
            XCTAssertFalse(key.stdout.contains(secret), key.stdout)

            let list = try await cli.succeed(["provider", "list"])
            XCTAssertTrue(list.stdout.contains("Sim relay"), list.stdout)
            XCTAssertTrue(list.stdout.contains("http://127.0.0.1:9"), list.stdout)
            XCTAssertTrue(list.stdout.contains("sk-…cdef (main)"), list.stdout)
            XCTAssertFalse(list.stdout.contains(secret), list.stdout)
            XCTAssertFalse(list.stdout.contains("0123456789"), list.stdout)

            // The secret is sealed at rest, and opens with the same master key.
            XCTAssertNil(cli.databaseBytes().range(of: Data(secret.utf8)))
            let team = try cli.team()
            let recordFound = try await team.providers.find(name: "Sim relay")
            let record = try XCTUnwrap(recordFound)
            XCTAssertEqual(record.preset, "demo")
            XCTAssertEqual(record.baseURL, "http://127.0.0.1:9")
            XCTAssertEqual(record.authKind, .bearer)
            XCTAssertEqual(record.warningThreshold, 5)
            let activeFound = try await team.keys.activeSecret(providerID: record.id!)
            let active = try XCTUnwrap(activeFound)
            XCTAssertEqual(active.secret.key, secret)
            XCTAssertEqual(active.key.expiresOn, "2030-01-31")

            let events = try await team.audit.page()
            XCTAssertEqual(Set(events.map(\.action)), ["provider.added", "key.added"])
            XCTAssertTrue(events.allSatisfy { $0.actorName.hasPrefix("cli:") && $0.remoteAddress == "local" })
            XCTAssertTrue(events.allSatisfy { !$0.detail.contains(secret) })
        }
    }

    func testRotateAndRevokeByLabel() async throws {
        try await withCLI { cli in
            try await cli.succeed(["provider", "add", "Relay", "--preset", "custom", "--base-url", "https://relay.example.com"])
            try await cli.succeed(["key", "add", "Relay", "--label", "main"], env: ["ATELIER_API_KEY": secret])
            let rotated = try await cli.succeed(["key", "rotate", "Relay", "--label", "main"],
                                                env: ["ATELIER_API_KEY": "sk-rotated-secret-99999999zzzz"])
            XCTAssertTrue(rotated.stdout.contains("sk-…cdef → sk-…zzzz"), rotated.stdout)

            let keys = try await cli.succeed(["key", "list", "Relay"])
            XCTAssertTrue(keys.stdout.split(separator: "\n").contains { $0.contains("sk-…zzzz") && $0.contains("active") }, keys.stdout)
            XCTAssertTrue(keys.stdout.split(separator: "\n").contains { $0.contains("sk-…cdef") && $0.contains("replaced") }, keys.stdout)

            let team = try cli.team()
            let recordFound = try await team.providers.find(name: "Relay")
            let record = try XCTUnwrap(recordFound)
            let active = try await team.keys.activeSecret(providerID: record.id!)
            XCTAssertEqual(active?.secret.key, "sk-rotated-secret-99999999zzzz")

            let missing = try await cli.run(["key", "rotate", "Relay", "--label", "other"], env: ["ATELIER_API_KEY": secret])
            XCTAssertNotEqual(missing.status, 0)
            XCTAssertTrue(missing.stderr.hasPrefix("label: "), missing.stderr)

            try await cli.succeed(["key", "revoke", "Relay", "--label", "main"])
            let none = try await cli.team().keys.activeSecret(providerID: record.id!)
            XCTAssertNil(none)
            let list = try await cli.succeed(["provider", "list"])
            XCTAssertTrue(list.stdout.contains("no active key"), list.stdout)
            let actions = try await cli.team().audit.page().map(\.action)
            XCTAssertTrue(actions.contains("key.rotated") && actions.contains("key.revoked"), "\(actions)")
        }
    }

    func testProviderValidationAndPairKeys() async throws {
        try await withCLI { cli in
            let bad = try await cli.run(["provider", "add", "Bad", "--preset", "custom", "--base-url", "ftp://x", "--auth", "header",
                                         "--mj-mode", "mj-slow"])
            XCTAssertNotEqual(bad.status, 0)
            XCTAssertEqual(bad.stderr.split(separator: "\n").map(String.init),
                           ["base_url: malformed url", "auth_header: required", "midjourney_mode: invalid choice"])
            let unknown = try await cli.run(["provider", "add", "Bad", "--preset", "nope", "--base-url", "https://x.example"])
            XCTAssertNotEqual(unknown.status, 0)
            XCTAssertTrue(unknown.stderr.hasPrefix("preset: unknown"), unknown.stderr)
            let noURL = try await cli.run(["provider", "add", "Bad", "--preset", "kfc-v50"])
            XCTAssertNotEqual(noURL.status, 0)
            XCTAssertEqual(noURL.stderr.trimmingCharacters(in: .whitespacesAndNewlines), "base_url: required")
            let providers = try await cli.team().providers.count()
            XCTAssertEqual(providers, 0)

            // Img Open's preset brings its address and the key-pair scheme; the pair secret comes from ATELIER_API_SECRET.
            try await cli.succeed(["provider", "add", "Images", "--preset", "img-open"])
            let noPair = try await cli.run(["key", "add", "Images", "--label", "pair"], env: ["ATELIER_API_KEY": "access-id-12345678"])
            XCTAssertNotEqual(noPair.status, 0)
            try await cli.succeed(["key", "add", "Images", "--label", "pair"],
                                  env: ["ATELIER_API_KEY": "access-id-12345678", "ATELIER_API_SECRET": "pair-secret-87654321"])
            let team = try cli.team()
            let recordFound = try await team.providers.find(name: "Images")
            let record = try XCTUnwrap(recordFound)
            XCTAssertEqual(record.authKind, .accessKeyPair)
            XCTAssertEqual(record.baseURL, "https://api.zhiqite.com")
            let active = try await team.keys.activeSecret(providerID: record.id!)
            XCTAssertEqual(active?.secret.pairSecret, "pair-secret-87654321")
        }
    }
}
