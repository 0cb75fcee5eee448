import AtelierStore
import FastCGI
import Foundation
import XCTest

/// Bad gallery input: every one a clear 400 naming the field (or an empty, sensible page),
/// never a 500.
final class GalleryBadInputTests: XCTestCase {
    private let start = Date(timeIntervalSince1970: 1_780_000_000)

    private func encode(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    func testUnknownFilterValuesTamperedAndForeignCursorsAndUpsideDownDatesAre400sNamingTheField() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let seeds = GallerySeeds(team: harness.team)
        let leadMember = try await harness.team.members.find(name: "lead")
        let lead = try XCTUnwrap(leadMember)
        let mia = try await harness.team.members.add(name: "mia", displayName: "Mia", role: .member, password: "member password 1", by: .system)
        for index in 0..<50 { try await seeds.task("t\(index)", member: lead, prompt: "p \(index)", createdAt: start + Double(index)) }
        let browser = WebHarness.Browser(harness)
        _ = try await browser.signIn("lead", WebHarness.leadPassword)

        for (query, field) in [("kind=gif", "kind"), ("sort=random", "sort"), ("scope=everyone", "scope"), ("member=abc", "member"),
                               ("member=-3", "member"), ("collection=abc", "collection"), ("fav=yes", "fav"), ("from=2026-02-30", "from"),
                               ("to=yesterday", "to"), ("after=not*a*cursor", "after"), ("before=\(encode("12:x:1"))", "before"),
                               ("after=\(encode("9999999999999999:1:1"))", "after"), ("tag=\(String(repeating: "t", count: 41))", "tag"),
                               ("model=\(String(repeating: "m", count: 101))", "model")] {
            let (response, html) = await browser.get("/gallery?\(query)")
            XCTAssertEqual(response.status, .badRequest, query)
            XCTAssertTrue(html.contains("Field:") && html.contains(field), "\(query): \(html.prefix(300))")
        }
        var (response, html) = await browser.get("/gallery?from=2026-05-02&to=2026-05-01")
        XCTAssertEqual(response.status, .badRequest)
        XCTAssertTrue(html.contains("The date range is upside down"))
        (response, _) = await browser.get("/gallery?from=2026-05-01&to=2026-05-01")
        XCTAssertEqual(response.status, .ok, "one day is a range")
        (response, html) = await browser.get("/gallery?provider=Nobody&model=none")
        XCTAssertEqual(response.status, .ok)
        XCTAssertTrue(html.contains("Nothing here yet"), "an unknown provider or model finds nothing")

        // The next page's cursor is the lead's; Mia's page refuses it.
        (_, html) = await browser.get("/gallery")
        let match = try XCTUnwrap(html.firstMatch(of: /href="(\/gallery\?after=[A-Za-z0-9_-]+)" rel="next"/))
        let next = String(match.output.1)
        (response, _) = await browser.get(next)
        XCTAssertEqual(response.status, .ok)
        let other = WebHarness.Browser(harness)
        _ = try await other.signIn("mia", "member password 1")
        (response, html) = await other.get(next)
        XCTAssertEqual(response.status, .badRequest)
        XCTAssertTrue(html.contains("belongs to another member"), html)
        XCTAssertNotNil(mia.id)
    }
}
