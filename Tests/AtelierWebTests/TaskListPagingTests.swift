import AtelierStore
import Foundation
import XCTest

/// `/tasks` shows 100 tasks a page with "Older"/"Newer" links that keep `scope` and carry a
/// keyset cursor; a cursor that does not read back is a 400 naming the field, never a 500.
final class TaskListPagingTests: XCTestCase {
    private let start = Date(timeIntervalSince1970: 1_780_000_000)

    /// 150 tasks of the lead's and 80 of Mia's, one a second (every tenth pair at the same moment).
    private func seeded() async throws -> WebHarness {
        let harness = try await WebHarness()
        let mia = try await harness.team.members.add(name: "mia", displayName: "Mia", role: .member, password: "member password 1", by: .system)
        for index in 0..<230 {
            let owner: (Int64?, String) = index % 23 < 8 ? (mia.id, "mia") : (1, "lead")
            _ = try await harness.team.tasks.create(TaskRecord(
                id: String(format: "task-%03d", index), memberId: owner.0, memberName: owner.1, providerId: nil, providerName: "Sim",
                family: "midjourney", operation: "mj-imagine", kind: "image", model: "midjourney", prompt: "prompt \(index) 一只纸鹤",
                request: "{}", idempotencyKey: "key-\(index)", createdAt: start.addingTimeInterval(Double(index - index % 10 / 9)),
                deadlineAt: start.addingTimeInterval(600)))
        }
        return harness
    }

    private func lead(_ harness: WebHarness) async throws -> WebHarness.Browser {
        let browser = WebHarness.Browser(harness)
        _ = try await browser.signIn("lead", WebHarness.leadPassword)
        return browser
    }

    private func rows(_ html: String) -> Int { html.components(separatedBy: #"<tr class="task-"#).count - 1 }

    /// The href of the link labelled `label`, unescaped.
    private func link(_ label: String, in html: String) -> String? {
        guard let regex = try? Regex(#"<a href="([^"]+)" rel="(?:prev|next)">"# + NSRegularExpression.escapedPattern(for: label)),
              let match = html.firstMatch(of: regex) else { return nil }
        return String(match.output[1].substring ?? "").replacingOccurrences(of: "&amp;", with: "&")
    }

    func testTheTeamListPagesOlderAndNewerKeepingTheScope() async throws {
        let harness = try await seeded()
        defer { harness.remove() }
        let browser = try await lead(harness)
        let (response, first) = await browser.get("/tasks?scope=team")
        XCTAssertEqual(response.status, .ok)
        XCTAssertEqual(rows(first), 100)
        XCTAssertTrue(first.contains("/tasks/task-229\""), "the newest first")
        XCTAssertNil(link("← Newer tasks", in: first), "the first page has no Newer link")
        let older = try XCTUnwrap(link("Older tasks →", in: first), first)
        XCTAssertTrue(older.hasPrefix("/tasks?scope=team&before="), older)

        let (_, second) = await browser.get(older)
        XCTAssertEqual(rows(second), 100)
        XCTAssertTrue(second.contains("/tasks/task-129\"") && !second.contains("/tasks/task-130\""), "rows 129 down to 30")
        XCTAssertTrue(second.contains("class=\"active\" aria-current=\"page\">Team"), "still the team's list")
        let newer = try XCTUnwrap(link("← Newer tasks", in: second))
        XCTAssertTrue(newer.hasPrefix("/tasks?scope=team&after="), newer)
        let (_, third) = await browser.get(try XCTUnwrap(link("Older tasks →", in: second)))
        XCTAssertEqual(rows(third), 30)
        XCTAssertNil(link("Older tasks →", in: third), "the last page has no Older link")

        let (_, back) = await browser.get(newer)
        XCTAssertEqual(rows(back), 100)
        XCTAssertTrue(back.contains("/tasks/task-229\""), "Newer from the second page is the first page")
    }

    func testMyListPagesWithoutTheScopeAndInChinese() async throws {
        let harness = try await seeded()
        defer { harness.remove() }
        let browser = try await lead(harness)
        browser.cookies["lang"] = "zh-Hans"
        let (_, first) = await browser.get("/tasks")
        XCTAssertEqual(rows(first), 100)
        XCTAssertFalse(first.contains("<td class=\"who\">mia</td>") || first.contains("task-000\""), "task-000 is Mia's")
        let older = try XCTUnwrap(link("较早的任务 →", in: first), first)
        XCTAssertTrue(older.hasPrefix("/tasks?before="), older)
        let (_, second) = await browser.get(older)
        XCTAssertEqual(rows(second), 50, "the lead has 150 tasks")
        XCTAssertEqual(link("← 较新的任务", in: second).map { $0.hasPrefix("/tasks?after=") }, true)
    }

    func testABadCursorIsA400NamingTheFieldAndAnEditedOneOnlyMovesThePage() async throws {
        let harness = try await seeded()
        defer { harness.remove() }
        let browser = try await lead(harness)
        let encode = { (text: String) in
            Data(text.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        }
        for (field, value) in [("before", "not-a-cursor!"), ("before", encode("yesterday:task-001")), ("after", encode("17:")),
                               ("before", encode("1780000000000:task' OR '1'='1")), ("after", String(repeating: "QQ", count: 200))] {
            let (response, html) = await browser.get("/tasks?scope=team&\(field)=\(value)")
            XCTAssertEqual(response.status, .badRequest, "\(field)=\(value)")
            XCTAssertTrue(html.contains(field), "the page names the field: \(html)")
        }
        // A well-formed cursor is only a position: Mia's task as a cursor on the lead's own list,
        // or a moment after every task, still shows only the lead's tasks.
        let (foreign, html) = await browser.get("/tasks?before=\(encode("1780000115000:task-115"))")
        XCTAssertEqual(foreign.status, .ok)
        XCTAssertFalse(html.contains("<td>mia</td>"))
        XCTAssertGreaterThan(rows(html), 0)
        let (future, top) = await browser.get("/tasks?scope=team&after=\(encode("253402300799999:zzz"))")
        XCTAssertEqual(future.status, .ok)
        XCTAssertEqual(rows(top), 100, "nothing newer: the first page")
        let (past, empty) = await browser.get("/tasks?scope=team&before=\(encode("0:task-000"))")
        XCTAssertEqual(past.status, .ok)
        XCTAssertEqual(rows(empty), 0)
        XCTAssertEqual(link("← Newer tasks", in: empty), "/tasks?scope=team", "an empty page past the end leads back to the first")
    }
}
