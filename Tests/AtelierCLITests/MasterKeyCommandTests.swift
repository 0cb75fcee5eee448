import AtelierStore
import Foundation
import XCTest

final class MasterKeyCommandTests: XCTestCase {
    func testAWrongMasterKeyIsRefusedAndChangesNothing() async throws {
        try await withCLI { cli in
            try await cli.succeed(["provider", "add", "Relay", "--preset", "custom", "--base-url", "https://relay.example.com"])
            try await cli.succeed(["key", "add", "Relay", "--label", "main"], env: ["ATELIER_API_KEY": "sk-sealed-under-the-first-key-1234"])
            let before = try await cli.team().audit.page().count
            let contentBefore = try await cli.contents()

            let wrongKey = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
            let commands: [([String], [String: String])] = [
                (["user", "add", "mallory", "--role", "lead"], ["ATELIER_PASSWORD": "a long enough password"]),
                (["key", "add", "Relay", "--label", "evil"], ["ATELIER_API_KEY": "sk-sealed-under-a-wrong-key-5678"]),
                (["provider", "add", "Other", "--preset", "custom", "--base-url", "https://other.example.com"], [:]),
                (["provider", "list"], [:]),
                (["balance"], [:]),
            ]
            for (arguments, env) in commands {
                let run = try await cli.run(arguments, env: env.merging(["ATELIER_MASTER_KEY": wrongKey]) { a, _ in a })
                XCTAssertNotEqual(run.status, 0, "atelier \(arguments.joined(separator: " ")) should be refused")
                XCTAssertTrue(run.stderr.contains("the master key does not open the provider keys sealed in \(cli.databasePath)"), run.stderr)
                XCTAssertTrue(run.stderr.contains("Nothing was changed"), run.stderr)
                XCTAssertEqual(run.stdout, "", "atelier \(arguments.joined(separator: " ")) printed \(run.stdout)")
            }

            // A master key file that does not exist yet is not left behind either.
            let elsewhere = cli.folder.appendingPathComponent("other.key").path
            let missing = try await cli.run(["user", "list", "--database", cli.databasePath, "--master-key-file", elsewhere], withStore: false)
            XCTAssertNotEqual(missing.status, 0)
            XCTAssertTrue(missing.stderr.contains("the master key does not open"), missing.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: elsewhere))

            let malformed = try await cli.run(["user", "list"], env: ["ATELIER_MASTER_KEY": "not base64"])
            XCTAssertNotEqual(malformed.status, 0)
            XCTAssertTrue(malformed.stderr.contains("ATELIER_MASTER_KEY is not base64 of 32 bytes"), malformed.stderr)

            let team = try cli.team()
            let members = try await team.members.count()
            XCTAssertEqual(members, 0)
            let providers = try await team.providers.all()
            XCTAssertEqual(providers.map(\.name), ["Relay"])
            let keys = try await team.keys.list(providerID: providers[0].id!)
            XCTAssertEqual(keys.map(\.key.label), ["main"])
            let after = try await team.audit.page().count
            XCTAssertEqual(after, before)
            let contentAfter = try await cli.contents()
            XCTAssertEqual(contentAfter, contentBefore, "every row of every table is as it was")
        }
    }

    func testTheFirstRunCreatesTheKeyFileOwnerOnly() async throws {
        try await withCLI { cli in
            try await cli.succeed(["user", "list"])
            let attributes = try FileManager.default.attributesOfItem(atPath: cli.masterKeyPath)
            XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
            // The same key from the environment is accepted.
            let text = try String(contentsOfFile: cli.masterKeyPath, encoding: .utf8)
            let run = try await cli.run(["user", "list"], env: ["ATELIER_MASTER_KEY": text.trimmingCharacters(in: .whitespacesAndNewlines)])
            XCTAssertEqual(run.status, 0, run.stderr)
        }
    }
}
