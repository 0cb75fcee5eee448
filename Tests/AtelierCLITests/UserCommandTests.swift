import AtelierStore
import Foundation
import XCTest

final class UserCommandTests: XCTestCase {
    let password = "correct horse battery"

    func testUserAddStoresAMemberWithAPBKDF2Hash() async throws {
        try await withCLI { cli in
            let run = try await cli.succeed(["user", "add", "alice", "--role", "member", "--display-name", "Alice Liddell"],
                                            env: ["ATELIER_PASSWORD": password])
            XCTAssertTrue(run.stdout.contains("added member alice"), run.stdout)
            XCTAssertFalse(run.stdout.contains(password) || run.stderr.contains(password))

            let team = try cli.team()
            let memberFound = try await team.members.find(name: "alice")
            let member = try XCTUnwrap(memberFound)
            XCTAssertEqual(member.role, .member)
            XCTAssertEqual(member.displayName, "Alice Liddell")
            XCTAssertFalse(member.isDisabled)
            XCTAssertTrue(member.passwordHash.hasPrefix("pbkdf2-sha256$\(PasswordHasher.defaultRounds)$"), member.passwordHash)
            XCTAssertTrue(PasswordHasher().verify(password, against: member.passwordHash))
            XCTAssertFalse(PasswordHasher().verify("something else", against: member.passwordHash))
            let signedIn = try await team.members.authenticate(name: "alice", password: password)
            XCTAssertEqual(signedIn?.id, member.id)

            let events = try await team.audit.page(action: "member.added")
            XCTAssertEqual(events.count, 1)
            XCTAssertEqual(events.first?.target, "alice")
            XCTAssertTrue(events.first?.actorName.hasPrefix("cli:") ?? false, "\(String(describing: events.first))")
            XCTAssertEqual(events.first?.remoteAddress, "local")
        }
    }

    func testADuplicateNameIsRefusedWithAFieldMessage() async throws {
        try await withCLI { cli in
            try await cli.succeed(["user", "add", "bob", "--role", "lead"], env: ["ATELIER_PASSWORD": password])
            let again = try await cli.run(["user", "add", "bob", "--role", "viewer"], env: ["ATELIER_PASSWORD": "another password"])
            XCTAssertNotEqual(again.status, 0)
            XCTAssertEqual(again.stderr.trimmingCharacters(in: .whitespacesAndNewlines), "name: taken")
            XCTAssertFalse(again.stderr.contains("Stack") || again.stderr.contains("Fatal"), again.stderr)

            let members = try await cli.team().members.all()
            XCTAssertEqual(members.map(\.name), ["bob"])
            XCTAssertEqual(members.first?.role, .lead)
        }
    }

    func testBadFieldsPrintOneLineEachAndChangeNothing() async throws {
        try await withCLI { cli in
            let short = try await cli.run(["user", "add", "carol", "--role", "member"], env: ["ATELIER_PASSWORD": "short"])
            XCTAssertNotEqual(short.status, 0)
            XCTAssertEqual(short.stderr.trimmingCharacters(in: .whitespacesAndNewlines), "password: too short (10)")

            let badName = try await cli.run(["user", "add", "car ol", "--role", "member"], env: ["ATELIER_PASSWORD": password])
            XCTAssertNotEqual(badName.status, 0)
            XCTAssertEqual(badName.stderr.trimmingCharacters(in: .whitespacesAndNewlines), "name: name characters")

            let badRole = try await cli.run(["user", "add", "carol", "--role", "admin"], env: ["ATELIER_PASSWORD": password])
            XCTAssertNotEqual(badRole.status, 0)
            XCTAssertEqual(badRole.stderr.trimmingCharacters(in: .whitespacesAndNewlines), "role: invalid choice")

            let noPassword = try await cli.run(["user", "add", "carol", "--role", "member"])
            XCTAssertNotEqual(noPassword.status, 0)
            XCTAssertTrue(noPassword.stderr.contains("ATELIER_PASSWORD"), noPassword.stderr)

            let count = try await cli.team().members.count()
            XCTAssertEqual(count, 0)
        }
    }

    func testPasswdDisableEnableAndList() async throws {
        try await withCLI { cli in
            try await cli.succeed(["user", "add", "lead1", "--role", "lead"], env: ["ATELIER_PASSWORD": password])
            try await cli.succeed(["user", "add", "dave", "--role", "viewer", "--display-name", "Dave"], env: ["ATELIER_PASSWORD": password])

            try await cli.succeed(["user", "passwd", "dave"], env: ["ATELIER_PASSWORD": "a brand new password"])
            var team = try cli.team()
            let renewed = try await team.members.authenticate(name: "dave", password: "a brand new password")
            XCTAssertNotNil(renewed)
            let stale = try await team.members.authenticate(name: "dave", password: password)
            XCTAssertNil(stale)

            try await cli.succeed(["user", "disable", "dave"])
            team = try cli.team()
            let disabled = try await team.members.find(name: "dave")
            XCTAssertEqual(disabled?.isDisabled, true)
            var list = try await cli.succeed(["user", "list"])
            XCTAssertTrue(list.stdout.contains("dave"), list.stdout)
            XCTAssertTrue(list.stdout.split(separator: "\n").contains { $0.contains("dave") && $0.contains("disabled") && $0.contains("viewer") },
                          list.stdout)

            try await cli.succeed(["user", "disable", "dave", "--enable"])
            list = try await cli.succeed(["user", "list"])
            XCTAssertTrue(list.stdout.split(separator: "\n").contains { $0.contains("dave") && $0.contains("active") }, list.stdout)

            // The last active lead cannot be disabled.
            let lastLead = try await cli.run(["user", "disable", "lead1"])
            XCTAssertNotEqual(lastLead.status, 0)
            XCTAssertTrue(lastLead.stderr.contains("at least one active lead"), lastLead.stderr)

            let unknown = try await cli.run(["user", "passwd", "nobody"], env: ["ATELIER_PASSWORD": password])
            XCTAssertNotEqual(unknown.status, 0)
            XCTAssertTrue(unknown.stderr.contains("no member is named nobody"), unknown.stderr)

            let actions = try await cli.team().audit.page().map(\.action)
            XCTAssertEqual(Set(actions), ["member.added", "member.password_reset", "member.disabled", "member.enabled"])
        }
    }
}
