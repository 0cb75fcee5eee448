@testable import AtelierStore
import Foundation
import GRDB
import XCTest

/// Task lists page by a (createdAt, id) keyset: a page is found by the row before it, so new
/// tasks never shift a later page, ties on createdAt are broken by id, the lean row holds what
/// the full record holds, and the index serves every list query without a sort.
final class TaskListPageTests: XCTestCase {
    private let start = Date(timeIntervalSince1970: 1_780_000_000.250)

    private func task(_ id: String, member: Member, at seconds: Double, prompt: String = "a paper crane") -> TaskRecord {
        TaskRecord(id: id, memberId: member.id, memberName: member.name, providerId: nil, providerName: "Sim", family: "midjourney",
                   operation: "imagine", kind: "image", model: "mj", prompt: prompt, request: #"{"big":"json"}"#,
                   idempotencyKey: "key-\(id)", estimatedCost: 0.05, costUnit: "USD", createdAt: start.addingTimeInterval(seconds),
                   deadlineAt: start.addingTimeInterval(seconds + 600))
    }

    private func members(_ fixture: StoreFixture) async throws -> (Member, Member) {
        let ann = try await fixture.team.members.add(name: "ann", displayName: "Ann", role: .member, password: "member password 1",
                                                      by: StoreFixture.lead)
        let bob = try await fixture.team.members.add(name: "bob", displayName: "Bob", role: .member, password: "member password 2",
                                                      by: StoreFixture.lead)
        return (ann, bob)
    }

    /// Every row of a list, following the "Older" links from the first page.
    private func walk(_ store: TaskStore, memberID: Int64?, limit: Int) async throws -> [[String]] {
        var pages: [[String]] = []
        var position = TaskListPosition.first
        while true {
            let page = try await store.listPage(memberID: memberID, from: position, limit: limit)
            pages.append(page.rows.map(\.id))
            guard let older = page.older else { return pages }
            position = older
        }
    }

    func testNewTasksBetweenPageLoadsNeverShiftTheSecondPage() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let (ann, bob) = try await members(fixture)
        for index in 0..<250 { _ = try await fixture.team.tasks.create(task(String(format: "t%03d", index), member: index % 3 == 0 ? bob : ann, at: Double(index))) }
        let first = try await fixture.team.tasks.listPage(memberID: nil, from: .first, limit: 100)
        XCTAssertEqual(first.rows.map(\.id), (150..<250).reversed().map { String(format: "t%03d", $0) })
        XCTAssertNil(first.newer)
        let older = try XCTUnwrap(first.older)

        // Ten tasks arrive before the reader clicks "Older".
        for index in 250..<260 { _ = try await fixture.team.tasks.create(task(String(format: "t%03d", index), member: ann, at: Double(index))) }
        let second = try await fixture.team.tasks.listPage(memberID: nil, from: older, limit: 100)
        XCTAssertEqual(second.rows.map(\.id), (50..<150).reversed().map { String(format: "t%03d", $0) })
        let third = try await fixture.team.tasks.listPage(memberID: nil, from: try XCTUnwrap(second.older), limit: 100)
        XCTAssertEqual(third.rows.map(\.id), (0..<50).reversed().map { String(format: "t%03d", $0) })
        XCTAssertNil(third.older, "the last page has no Older link")

        // "Newer" from the third page gives the second page back; from the second, the page the
        // reader first saw (it stays put too), and from there, with fewer than a page of newer
        // tasks left, the first page as it is now.
        let back = try await fixture.team.tasks.listPage(memberID: nil, from: try XCTUnwrap(third.newer), limit: 100)
        XCTAssertEqual(back.rows.map(\.id), second.rows.map(\.id))
        let seen = try await fixture.team.tasks.listPage(memberID: nil, from: try XCTUnwrap(second.newer), limit: 100)
        XCTAssertEqual(seen.rows.map(\.id), first.rows.map(\.id))
        let top = try await fixture.team.tasks.listPage(memberID: nil, from: try XCTUnwrap(seen.newer), limit: 100)
        XCTAssertEqual(top.rows.map(\.id), (160..<260).reversed().map { String(format: "t%03d", $0) })
        XCTAssertNil(top.newer, "back at the newest tasks: no Newer link")
    }

    func testEqualCreationTimesAreOrderedByIDAndNoRowIsSkippedOrRepeated() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let (ann, bob) = try await members(fixture)
        let ids = ["c", "a", "e", "b", "d", "g", "f"]
        for id in ids { _ = try await fixture.team.tasks.create(task(id, member: id < "d" ? ann : bob, at: 0)) }
        _ = try await fixture.team.tasks.create(task("z-later", member: ann, at: 1))
        let pages = try await walk(fixture.team.tasks, memberID: nil, limit: 2)
        XCTAssertEqual(pages, [["z-later", "g"], ["f", "e"], ["d", "c"], ["b", "a"]])
        let anns = try await walk(fixture.team.tasks, memberID: ann.id, limit: 2)
        XCTAssertEqual(anns, [["z-later", "c"], ["b", "a"]], "a member's list holds only their tasks")
    }

    func testTheLeanRowHoldsWhatTheFullRecordHolds() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let (ann, _) = try await members(fixture)
        let long = String(repeating: "一只纸鹤 paper crane ", count: 20)
        _ = try await fixture.team.tasks.create(task("done", member: ann, at: 0, prompt: long))
        let finished = start.addingTimeInterval(42)
        _ = try await fixture.team.tasks.transition("done", from: .queued) {
            $0.status = .succeeded
            $0.progress = 100
            $0.cost = 0.07
            $0.finishedAt = finished
        }
        _ = try await fixture.team.tasks.create(task("waiting", member: ann, at: 1))
        let page = try await fixture.team.tasks.listPage(memberID: ann.id, from: .first, limit: 10)
        for row in page.rows {
            let found = try await fixture.team.tasks.task(id: row.id)
            let record = try XCTUnwrap(found)
            XCTAssertEqual(row, TaskListRow(record))
        }
        XCTAssertEqual(page.rows.last?.promptPrefix, String(long.prefix(TaskListRow.promptPrefixLength)))
        XCTAssertEqual(page.rows.last?.cost, 0.07)
        XCTAssertNil(page.rows.first?.finishedAt)
    }

    func testStoredValuesOfTheWrongKindAreAnErrorAndOtherDateFormsStillRead() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let (ann, _) = try await members(fixture)
        _ = try await fixture.team.tasks.create(task("odd", member: ann, at: 0))
        // Dates written by hand in the other forms GRDB reads: seconds since 1970, a day alone,
        // an ISO time with a T; a number past any date is clamped to the year 9999.
        for (stored, expected) in [("1780000000", 1_780_000_000.0), ("'2026-05-28'", 1_779_926_400), ("'2026-05-28T20:26:40.5'", 1_780_000_000.5),
                                   ("1e300", 253_402_300_799)] {
            try await fixture.team.database.write { db in try db.execute(sql: "UPDATE task SET createdAt = \(stored), finishedAt = \(stored)") }
            let page = try await fixture.team.tasks.listPage(memberID: nil, from: .first, limit: 10)
            XCTAssertEqual(page.rows.first?.createdAt.timeIntervalSince1970, expected, stored)
            XCTAssertEqual(page.rows.first?.finishedAt?.timeIntervalSince1970, expected, stored)
        }
        for corruption in ["progress = 'half'", "status = 'exploded'", "createdAt = 'yesterday'", "memberName = x'00ff'",
                           "cost = 'a lot'"] {
            try await fixture.team.database.write { db in
                try db.execute(sql: "UPDATE task SET createdAt = '2026-05-28 20:26:40.000', progress = 0, status = 'queued', memberName = 'ann', cost = NULL")
                try db.execute(sql: "UPDATE task SET \(corruption)")
            }
            do {
                _ = try await fixture.team.tasks.listPage(memberID: nil, from: .first, limit: 10)
                XCTFail("\(corruption) should not read as a row")
            } catch {
                XCTAssertTrue("\(error)".contains("column"), "\(corruption): \(error)")
            }
        }
    }

    func testACursorReadsBackAndAnythingElseIsRefused() throws {
        let cursor = TaskCursor(createdAt: start, id: "0f1e2d3c-4b5a")
        XCTAssertEqual(TaskCursor(token: cursor.token), cursor)
        XCTAssertEqual(cursor.milliseconds, 1_780_000_000_250)
        XCTAssertNil(cursor.token.firstIndex { "+/=".contains($0) }, "base64url without padding: \(cursor.token)")
        let base64url = { (text: String) in
            Data(text.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        }
        for bad in ["", "!!!!", "not base64 at all", String(cursor.token.dropLast(3)) + "%%%", base64url("no-colon"),
                    base64url("abc:id"), base64url("-5:id"), base64url("99999999999999999999:id"), base64url("1000:"),
                    base64url("1000:id' OR 1=1 --"), base64url("1000:" + String(repeating: "a", count: 65)),
                    String(repeating: "A", count: 500)] {
            XCTAssertNil(TaskCursor(token: bad), bad)
        }
    }

    func testEveryListQueryIsServedByAnIndexWithoutASort() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let (ann, _) = try await members(fixture)
        for index in 0..<30 { _ = try await fixture.team.tasks.create(task("t\(index)", member: ann, at: Double(index))) }
        for member in [true, false] {
            for cursor in [true, false] {
                for newer in [true, false] {
                    let sql = TaskStore.listSQL(member: member, cursor: cursor, newer: newer)
                    for blob in ["request", "relayState", "*"] { XCTAssertFalse(sql.contains(blob), "the list never reads \(blob): \(sql)") }
                    let plan = try await fixture.team.database.read { db in
                        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql,
                                         arguments: StatementArguments(["member": 1, "at": "2026-01-01 00:00:00.000", "id": "x", "limit": 100]))
                            .map { $0["detail"] as String }
                    }
                    let text = plan.joined(separator: " | ")
                    XCTAssertFalse(text.contains("TEMP B-TREE"), "\(sql): \(text)")
                    XCTAssertTrue(text.contains(member ? "USING INDEX task_member_created_id" : "USING INDEX task_created_id"), "\(sql): \(text)")
                    XCTAssertFalse(plan.contains { $0.hasPrefix("SCAN") && !$0.contains("USING") }, "no full scan: \(sql): \(text)")
                    if member || cursor { XCTAssertTrue(plan.contains { $0.hasPrefix("SEARCH") }, "a range, not a scan: \(sql): \(text)") }
                }
            }
        }
    }
}
