@testable import AtelierStore
import Foundation
import GRDB
import XCTest

/// A form's submission key finds only its own member's task, and a compare group's id is chosen
/// by the store, so no member can reach into another's tasks or compare page with a key.
final class SubmissionKeyTests: XCTestCase {
    private func task(_ id: String, member: Member, key: String, group: String? = nil) -> TaskRecord {
        TaskRecord(id: id, memberId: member.id, memberName: member.name, providerId: nil, providerName: "Sim", family: "openAI",
                   operation: "openai-image", kind: "image", model: "dall-e-3", prompt: "p", request: "{}", idempotencyKey: key,
                   compareGroup: group, deadlineAt: Date().addingTimeInterval(60))
    }

    private func members(_ fixture: StoreFixture) async throws -> (Member, Member) {
        let ann = try await fixture.team.members.add(name: "ann", displayName: "Ann", role: .member, password: "member password 1",
                                                      by: StoreFixture.lead)
        let bob = try await fixture.team.members.add(name: "bob", displayName: "Bob", role: .member, password: "member password 2",
                                                      by: StoreFixture.lead)
        return (ann, bob)
    }

    func testAnotherMembersKeyMakesANewTaskAndTheOwnersKeyFindsTheirs() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let (ann, bob) = try await members(fixture)
        let first = try await fixture.team.tasks.create(task("a-1", member: ann, key: "shared-key-0000000001"))
        XCTAssertTrue(first.created)
        let reused = try await fixture.team.tasks.create(task("b-1", member: bob, key: "shared-key-0000000001"))
        XCTAssertTrue(reused.created, "Bob's post with Ann's key is Bob's own new task")
        XCTAssertEqual(reused.task.id, "b-1")
        XCTAssertEqual(reused.task.memberId, bob.id)
        let again = try await fixture.team.tasks.create(task("a-2", member: ann, key: "shared-key-0000000001"))
        XCTAssertFalse(again.created, "Ann's own key twice still finds her first task")
        XCTAssertEqual(again.task.id, "a-1")
    }

    func testACompareGroupIdIsChosenByTheStoreAndNeverJoinsAnotherMembersGroup() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let (ann, bob) = try await members(fixture)
        let annsCompare = try await fixture.team.tasks.create(comparing: [
            task("a-1", member: ann, key: "ann-compare-00000-0", group: "chosen-by-the-form"),
            task("a-2", member: ann, key: "ann-compare-00000-1", group: "chosen-by-the-form"),
        ])
        XCTAssertNotEqual(annsCompare.group, "chosen-by-the-form")
        XCTAssertNotNil(annsCompare.group.wholeMatch(of: /[0-9a-f]{32}/), "128 random bits: \(annsCompare.group)")
        XCTAssertEqual(annsCompare.tasks.map(\.compareGroup), [annsCompare.group, annsCompare.group])

        let resent = try await fixture.team.tasks.create(comparing: [
            task("a-3", member: ann, key: "ann-compare-00000-0"), task("a-4", member: ann, key: "ann-compare-00000-1"),
        ])
        XCTAssertEqual(resent.group, annsCompare.group, "the same form posted twice finds its group")
        XCTAssertEqual(resent.tasks.map(\.id), ["a-1", "a-2"])

        // Bob posts a compare with Ann's group id as his submission key, and her keys too.
        let bobs = try await fixture.team.tasks.create(comparing: [
            task("b-1", member: bob, key: annsCompare.group, group: annsCompare.group),
            task("b-2", member: bob, key: "ann-compare-00000-0", group: annsCompare.group),
        ])
        XCTAssertNotEqual(bobs.group, annsCompare.group)
        XCTAssertEqual(bobs.tasks.map(\.id), ["b-1", "b-2"])
        let annsGroup = try await fixture.team.tasks.compareGroup(annsCompare.group)
        XCTAssertEqual(annsGroup.map(\.id), ["a-1", "a-2"], "Ann's compare is unchanged")
    }

    func testTheMigrationKeepsEveryTaskAndOutputAndMakesKeysUniquePerMember() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let queue = try DatabaseQueue(path: folder.appendingPathComponent("old.sqlite").path)
        try Migrations.migrator.migrate(queue, upTo: "v4: balance chart points")
        var ann = Member(name: "ann", displayName: "Ann", role: .member, passwordHash: "x")
        var bob = Member(name: "bob", displayName: "Bob", role: .member, passwordHash: "x")
        try queue.write { db in
            try ann.insert(db)
            try bob.insert(db)
        }
        try queue.write { db in
            var old = task("old-1", member: ann, key: "key-before-the-migration", group: "g")
            old.status = .succeeded
            old.callbackTokenDigest = "digest"
            try old.insert(db)
            // The v4 columns only: the record type has grown since.
            try db.execute(sql: """
                INSERT INTO taskOutput (taskId, position, kind, sourceURL, state, attempts)
                VALUES ('old-1', 0, 'image', 'https://example.com/a.png', 'pending', 0)
                """)
            XCTAssertThrowsError(try task("old-2", member: bob, key: "key-before-the-migration").insert(db),
                                 "before: one key for the whole team")
        }

        try Migrations.migrator.migrate(queue)
        try queue.write { db in
            let kept = try XCTUnwrap(try TaskRecord.fetchOne(db, key: "old-1"))
            XCTAssertEqual(kept.status, .succeeded)
            XCTAssertEqual(kept.compareGroup, "g")
            XCTAssertEqual(kept.callbackTokenDigest, "digest")
            XCTAssertEqual(try TaskOutputRecord.fetchCount(db), 1, "the outputs survive the rebuilt table")
            XCTAssertNil(try db.foreignKeyViolations().next(), "no dangling reference")
            try task("new-1", member: bob, key: "key-before-the-migration").insert(db)
            XCTAssertThrowsError(try task("new-2", member: ann, key: "key-before-the-migration").insert(db),
                                 "after: one key per member")
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'task'")
            for name in ["task_member_submission", "task_member_created_id", "task_created_id", "task_compare", "task_status", "task_due"] {
                XCTAssertTrue(indexes.contains(name), "\(name) in \(indexes)")
            }
            // Deleting a task still deletes its outputs: the foreign key points at the new table.
            try db.execute(sql: "DELETE FROM task WHERE id = 'old-1'")
            XCTAssertEqual(try TaskOutputRecord.fetchCount(db), 0)
        }
    }
}
