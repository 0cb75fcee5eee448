import AtelierStore
@testable import AtelierWeb
import XCTest

/// The language a member chooses is kept on their account and wins over the browser's
/// `Accept-Language` and the language cookie, in any browser they sign in from.
final class MemberLanguageTests: XCTestCase {
    func testTheChosenLanguageFollowsTheMemberToAnotherBrowser() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let first = WebHarness.Browser(harness)
        _ = try await first.signIn("lead", WebHarness.leadPassword)
        let (switched, _) = await first.get("/lang/zh-Hans?next=/tasks")
        XCTAssertEqual(switched.status, .seeOther)
        let chosen = try await harness.team.members.find(name: "lead")?.language
        XCTAssertEqual(chosen, "zh-Hans", "kept on the account")

        // Another browser, asking for English by header and by cookie.
        let second = WebHarness.Browser(harness)
        second.cookies["lang"] = "en"
        _ = try await second.signIn("lead", WebHarness.leadPassword)
        let (_, tasks) = await second.get("/tasks")
        XCTAssertTrue(tasks.contains("<html lang=\"zh-Hans\">"), "the member's language wins over the cookie")
        let (_, missing) = await second.get("/no-such-page")
        XCTAssertTrue(missing.contains("<html lang=\"zh-Hans\">"), "error pages speak it too")

        // Signed out, the browser's own choice applies again.
        second.cookies["atelier_session"] = nil
        let (_, home) = await second.get("/signin")
        XCTAssertTrue(home.contains("<html lang=\"en\">"))

        // Switching back is kept as well.
        _ = await first.get("/lang/en?next=/")
        let again = try await harness.team.members.find(name: "lead")?.language
        XCTAssertEqual(again, "en")
    }

    func testAMemberWithoutAChoiceGetsTheBrowsersLanguage() {
        XCTAssertEqual(Language.preferred(member: nil, cookie: nil, acceptLanguage: "zh-CN,zh;q=0.9"), .simplifiedChinese)
        XCTAssertEqual(Language.preferred(member: "xx", cookie: "en", acceptLanguage: "zh-CN"), .english, "an unknown stored tag is ignored")
        XCTAssertEqual(Language.preferred(member: "zh-Hans", cookie: "en", acceptLanguage: "en-US"), .simplifiedChinese)
    }
}
