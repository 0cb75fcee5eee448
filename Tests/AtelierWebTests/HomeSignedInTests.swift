import AtelierStore
import FastCGI
import Foundation
import XCTest

/// The home page signed in: the member's running tasks with progress, the team's newest
/// outputs and their budgets left; signed out it stays the page rendered at start-up.
final class HomeSignedInTests: XCTestCase {
    func testTheSignedInHomeShowsRunningTasksNewestOutputsAndBudgets() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let start = Date()
        let mia = try await harness.team.members.add(name: "mia", displayName: "Mia", role: .member, password: "member password 1", by: .system)
        let provider = try await harness.team.providers.add(
            ProviderStore.Input(name: "Relay", preset: "demo", baseURL: "https://relay.example", authKind: .bearer), by: .system)
        try await harness.team.budgets.set(memberID: try XCTUnwrap(mia.id), providerID: try XCTUnwrap(provider.id), monthlyLimit: 25, by: .system)
        let leadMember = try await harness.team.members.find(name: "lead")
        try await GallerySeeds(team: harness.team).task("done", member: try XCTUnwrap(leadMember), prompt: "a team picture", createdAt: start - 60,
                                                        outputs: [.init(small: "s/t.webp")])
        _ = try await harness.team.tasks.create(TaskRecord(
            id: "running", memberId: mia.id, memberName: "mia", providerId: provider.id, providerName: "Relay", family: "midjourney",
            operation: "mj-imagine", kind: "image", model: "midjourney", prompt: "still painting", request: "{}", idempotencyKey: "k-run",
            createdAt: start - 30, deadlineAt: start + 600))
        _ = try await harness.team.tasks.transition("running", from: .queued) { $0.status = .running; $0.progress = 40 }

        let browser = WebHarness.Browser(harness)
        let (_, signedOut) = await browser.get("/")
        XCTAssertTrue(signedOut.contains(#"<a class="button" href="/signin">"#))
        XCTAssertFalse(signedOut.contains("Your running tasks"))
        _ = try await browser.signIn("mia", "member password 1")
        let (response, html) = await browser.get("/")
        XCTAssertEqual(response.status, .ok)
        XCTAssertTrue(html.contains("Your running tasks"))
        XCTAssertTrue(html.contains(#"<a href="/tasks/running">"#) && html.contains(#"<progress max="100" value="40">40%</progress>"#), html)
        XCTAssertFalse(html.contains(#"<a href="/tasks/done">"#), "a finished task is not running")
        XCTAssertTrue(html.contains(#"<img src="/files/done/0/small" alt="a team picture" loading="lazy""#), "the team's newest output")
        XCTAssertTrue(html.contains("Relay: 25") && html.contains("/ 25"), "the budget left")
        XCTAssertFalse(html.contains(#"<a class="button" href="/signin">"#))
    }
}
