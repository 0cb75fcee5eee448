import AtelierStore
@testable import AtelierWeb
import FastCGI
import XCTest

/// Sign-in, sessions, CSRF, roles and the members pages, in-process over a real SQLite file.
final class SignInAndMembersTests: XCTestCase {
    func testPagesNeedSignInAndSignInRotatesTheSession() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let browser = WebHarness.Browser(harness)
        let (redirect, _) = await browser.get("/members")
        XCTAssertEqual(redirect.status, .seeOther)
        XCTAssertEqual(redirect.headers["location"], "/signin?next=/members")

        let (signInPage, html) = await browser.get("/signin?next=%2Fmembers")
        XCTAssertEqual(signInPage.status, .ok)
        XCTAssertTrue(signInPage.headers.values("set-cookie").contains { $0.hasPrefix("atelier_csrf=") && $0.contains("HttpOnly") })
        let anonymous = try XCTUnwrap(WebHarness.Browser.csrf(in: html))
        XCTAssertTrue(html.contains(#"name="next" value="/members""#))

        let (signedIn, _) = await browser.post("/signin", [("name", "lead"), ("password", WebHarness.leadPassword), ("next", "/members")],
                                               csrf: anonymous)
        XCTAssertEqual(signedIn.status, .seeOther)
        XCTAssertEqual(signedIn.headers["location"], "/members")
        let cookie = try XCTUnwrap(signedIn.headers.values("set-cookie").first { $0.hasPrefix("atelier_session=") })
        XCTAssertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"))
        let firstToken = try XCTUnwrap(browser.cookies["atelier_session"])
        let (members, _) = await browser.get("/members")
        XCTAssertEqual(members.status, .ok)

        // Signing in again replaces the session: the old token stops working.
        let (_, again) = await browser.get("/account")
        let sessionCSRF = try XCTUnwrap(WebHarness.Browser.csrf(in: again))
        browser.cookies["atelier_csrf"] = anonymous
        let (rotated, _) = await browser.post("/signin", [("name", "lead"), ("password", WebHarness.leadPassword)], csrf: sessionCSRF)
        XCTAssertEqual(rotated.status, .seeOther)
        XCTAssertNotEqual(browser.cookies["atelier_session"], firstToken)
        let old = try await harness.team.sessions.resolve(token: firstToken)
        XCTAssertNil(old)

        // Signing out ends the session.
        let (_, page) = await browser.get("/account")
        let (out, _) = await browser.post("/signout", [], csrf: WebHarness.Browser.csrf(in: page))
        XCTAssertEqual(out.status, .seeOther)
        XCTAssertNil(browser.cookies["atelier_session"])
        let (afterOut, _) = await browser.get("/account")
        XCTAssertEqual(afterOut.status, .seeOther)
    }

    func testSessionCookieIsSecureOverHTTPS() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let browser = WebHarness.Browser(harness)
        browser.scheme = "https"
        let (_, html) = await browser.get("/signin")
        let (response, _) = await browser.post("/signin", [("name", "lead"), ("password", WebHarness.leadPassword)],
                                               csrf: WebHarness.Browser.csrf(in: html))
        XCTAssertTrue(response.headers.values("set-cookie").contains { $0.hasPrefix("atelier_session=") && $0.contains("; Secure") })
    }

    func testWrongPasswordKeepsTheNameAndRepeatedFailuresAreSlowedDown() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let browser = WebHarness.Browser(harness)
        let (_, form) = await browser.get("/signin")
        let csrf = WebHarness.Browser.csrf(in: form)
        for _ in 0..<5 {
            let (response, html) = await browser.post("/signin", [("name", "lead"), ("password", "not the password")], csrf: csrf)
            XCTAssertEqual(response.status, .unprocessableContent)
            XCTAssertTrue(html.contains("The name or the password is not right."))
            XCTAssertTrue(html.contains(#"name="name" value="lead""#), "the typed name is kept")
            XCTAssertFalse(html.contains("not the password"), "the password is never echoed")
        }
        let (slowed, html) = await browser.post("/signin", [("name", "lead"), ("password", WebHarness.leadPassword)], csrf: csrf)
        XCTAssertEqual(slowed.status, .tooManyRequests, "even the right password waits")
        XCTAssertNotNil(slowed.headers["retry-after"])
        XCTAssertTrue(html.contains("Too many failed sign-ins"))
        XCTAssertNil(browser.cookies["atelier_session"])
        let failures = try await harness.team.audit.page(action: "sign_in.failed")
        XCTAssertEqual(failures.count, 5)
        XCTAssertEqual(failures.first?.remoteAddress, "10.1.1.1")
    }

    /// A sign-in POST from `address` with a fresh anonymous CSRF token.
    private static func signInRequest(_ name: String, _ password: String, from address: String) -> Request {
        let token = SessionStore.randomToken()
        return Request(method: "POST", path: "/signin", cookies: [Cookies.anonymousCSRF: token], remoteAddress: address,
                       body: .form(FormData(fields: [FormField(name: "name", value: name), FormField(name: "password", value: password),
                                                     FormField(name: "_csrf", value: token)])))
    }

    /// Twelve wrong passwords at once for one name get five real checks: the throttle counts a
    /// try before the password is checked, in the same transaction as its check.
    func testTwelveConcurrentWrongPasswordsGetFiveRealChecks() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let app = harness.app
        let statuses = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<12 {
                group.addTask { await app.respond(to: Self.signInRequest("lead", "not the password", from: "10.6.6.6")).status.code }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        XCTAssertEqual(statuses.filter { $0 == 422 }.count, 5, "\(statuses)")
        XCTAssertEqual(statuses.filter { $0 == 429 }.count, 7, "\(statuses)")
        let failures = try await harness.team.audit.page(action: "sign_in.failed")
        XCTAssertEqual(failures.count, 5, "five passwords were checked")
    }

    /// A stranger who locks the lead's name out from their own address does not lock the lead out
    /// from another one.
    func testAStrangersFailuresDoNotLockTheLeadOutFromAnotherAddress() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        for _ in 0..<5 {
            let wrong = await harness.app.respond(to: Self.signInRequest("lead", "guess", from: "203.0.113.9"))
            XCTAssertEqual(wrong.status, .unprocessableContent)
        }
        let locked = await harness.app.respond(to: Self.signInRequest("lead", WebHarness.leadPassword, from: "203.0.113.9"))
        XCTAssertEqual(locked.status, .tooManyRequests, "the stranger's address waits, even with the right password")
        let lead = await harness.app.respond(to: Self.signInRequest("lead", WebHarness.leadPassword, from: "10.1.1.1"))
        XCTAssertEqual(lead.status, .seeOther, "the lead signs in from another address")
        XCTAssertTrue(lead.headers.values("set-cookie").contains { $0.hasPrefix("atelier_session=") })
    }

    /// A name of one letter and 500,000 combining accents is one character but a megabyte: it is
    /// cut to the name's limit in bytes before the throttle or the audit log sees it.
    func testACombiningAccentNameIsCutBeforeTheAuditLogSeesIt() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let name = "z" + String(repeating: "\u{301}", count: 500_000)
        XCTAssertEqual(name.count, 1)
        let response = await harness.app.respond(to: Self.signInRequest(name, "guess", from: "10.5.5.5"))
        XCTAssertEqual(response.status, .unprocessableContent)
        guard case .bytes(let body) = response.body else { return XCTFail("a page") }
        XCTAssertLessThan(body.count, 100_000, "the name shown again is the cut one")
        let failures = try await harness.team.audit.page(action: "sign_in.failed")
        XCTAssertEqual(failures.count, 1)
        XCTAssertLessThanOrEqual(failures.first?.target.utf8.count ?? .max, TextLimit.memberName.bytes)
        XCTAssertLessThanOrEqual(failures.first?.actorName.utf8.count ?? .max, TextLimit.memberName.bytes)
    }

    /// Member fields are limited in bytes too: a display name of combining accents is refused by the field.
    func testAMemberFieldOverItsByteLimitIsRefusedByTheField() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let browser = WebHarness.Browser(harness)
        let csrf = try await browser.signIn("lead", WebHarness.leadPassword)
        let (response, html) = await browser.post("/members", [("name", "ada"), ("display_name", "A" + String(repeating: "\u{301}", count: 400)),
                                                               ("role", "member"), ("password", "ada password 1")], csrf: csrf)
        XCTAssertEqual(response.status, .unprocessableContent)
        XCTAssertTrue(html.contains("At most 320 bytes"), "the message names the limit")
        let ada = try await harness.team.members.find(name: "ada")
        XCTAssertNil(ada, "nothing stored")
    }

    /// Error pages of a signed-in reader show the signed-in menu: an unknown page, a method the
    /// page does not take, a lead's page opened by a member, a request the bridge refused.
    func testErrorPagesShowTheSignedInMenu() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        try await harness.team.members.add(name: "mei", displayName: "Mei", role: .member, password: "member password 1", by: .system)
        let browser = WebHarness.Browser(harness)
        _ = try await browser.signIn("mei", "member password 1")
        let (missing, notFound) = await browser.get("/no-such-page")
        XCTAssertEqual(missing.status, .notFound)
        let (refused, forbidden) = await browser.get("/members")
        XCTAssertEqual(refused.status, .forbidden)
        for html in [notFound, forbidden] {
            XCTAssertTrue(html.contains(">Sign out</button>"), "the signed-in menu")
            XCTAssertTrue(html.contains(">Mei</a>"))
            XCTAssertTrue(html.contains(">Studio</a>"), "the member's navigation")
            XCTAssertFalse(html.contains(#"<a href="/signin">"#))
            XCTAssertFalse(html.contains("aria-current"), "no page of the menu is the one shown")
        }
        let request = Request(method: "POST", path: "/studio/image", cookies: browser.cookies, remoteAddress: browser.address)
        let failed = await harness.app.respond(to: .uploadNotStored("cannot create a file"), request: request)
        XCTAssertEqual(failed.status, .internalServerError)
        guard case .bytes(let bytes) = failed.body else { return XCTFail("a page") }
        let html = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(html.contains(">Sign out</button>"))
        XCTAssertFalse(html.contains("cannot create a file"), "the reason goes to the log, not the page")
    }

    func testPostsWithoutTheRightCSRFTokenChangeNothing() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let browser = WebHarness.Browser(harness)
        let (noToken, _) = await browser.post("/signin", [("name", "lead"), ("password", WebHarness.leadPassword)], csrf: nil)
        XCTAssertEqual(noToken.status, .forbidden)
        XCTAssertNil(browser.cookies["atelier_session"])

        let csrf = try await browser.signIn("lead", WebHarness.leadPassword)
        let fields = [("name", "mallory"), ("display_name", ""), ("role", "lead"), ("password", "long enough 1")]
        for token in [nil, "", "x", String(csrf.reversed())] as [String?] {
            let (response, html) = await browser.post("/members", fields, csrf: token)
            XCTAssertEqual(response.status, .forbidden)
            XCTAssertTrue(html.contains("nothing was changed"))
        }
        let mallory = try await harness.team.members.find(name: "mallory")
        XCTAssertNil(mallory)
        let (accepted, _) = await browser.post("/members", fields, csrf: csrf)
        XCTAssertEqual(accepted.status, .seeOther)
        let added = try await harness.team.members.find(name: "mallory")
        XCTAssertNotNil(added)
    }

    func testMembersCannotOpenOrPostToLeadPages() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        try await harness.team.members.add(name: "ada", displayName: "Ada", role: .member, password: "ada password", by: .system)
        let browser = WebHarness.Browser(harness)
        let csrf = try await browser.signIn("ada", "ada password")
        for path in ["/members", "/audit"] {
            let (response, _) = await browser.get(path)
            XCTAssertEqual(response.status, .forbidden, path)
        }
        let (posted, _) = await browser.post("/members", [("name", "eve"), ("role", "lead"), ("password", "long enough 1")], csrf: csrf)
        XCTAssertEqual(posted.status, .forbidden)
        let eve = try await harness.team.members.find(name: "eve")
        XCTAssertNil(eve)
        let (home, html) = await browser.get("/")
        XCTAssertEqual(home.status, .ok)
        XCTAssertFalse(html.contains(#"href="/members""#), "the member's navigation has no lead pages")
    }

    func testAddMemberFormComesBackWithMessagesAndWhatWasTyped() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let browser = WebHarness.Browser(harness)
        let csrf = try await browser.signIn("lead", WebHarness.leadPassword)
        let (duplicate, html) = await browser.post(
            "/members", [("name", "LEAD"), ("display_name", "Typed <b>name</b>"), ("role", "viewer"), ("password", "long enough 1")], csrf: csrf)
        XCTAssertEqual(duplicate.status, .unprocessableContent)
        XCTAssertTrue(html.contains("This name is already taken."))
        XCTAssertTrue(html.contains(#"value="Typed &lt;b&gt;name&lt;/b&gt;""#), "typed text kept, escaped")
        XCTAssertTrue(html.contains(#"<option value="viewer" selected>"#), "the chosen role kept")

        let (tooLong, longHTML) = await browser.post(
            "/members", [("name", String(repeating: "n", count: 41)), ("display_name", ""), ("role", "member"), ("password", "short")], csrf: csrf)
        XCTAssertEqual(tooLong.status, .unprocessableContent)
        XCTAssertTrue(longHTML.contains("At most 40 characters."))
        XCTAssertTrue(longHTML.contains("At least 10 characters."))

        let (added, _) = await browser.post(
            "/members", [("name", "sam"), ("display_name", "<script>alert(1)</script>"), ("role", "member"), ("password", "long enough 1")],
            csrf: csrf)
        XCTAssertEqual(added.status, .seeOther)
        let (_, list) = await browser.get("/members?done=member_added")
        XCTAssertTrue(list.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertFalse(list.contains("<script>alert(1)"))
        XCTAssertTrue(list.contains("Member added."))
        let count = try await harness.team.members.count()
        XCTAssertEqual(count, 2, "the refused forms left no rows")
    }

    func testAbsentMessagesLeaveNoTrace() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let browser = WebHarness.Browser(harness)
        let (_, signIn) = await browser.get("/signin")
        XCTAssertFalse(signIn.contains(#"class="problem""#), "no message before a failed sign-in")
        XCTAssertFalse(signIn.contains(">nil<"))
        _ = try await browser.signIn("lead", WebHarness.leadPassword)
        for path in ["/members", "/members/1", "/budgets", "/balances", "/providers", "/account", "/tasks"] {
            let (_, html) = await browser.get(path)
            XCTAssertFalse(html.contains(#"class="flash""#), "\(path) shows no flash of its own")
            XCTAssertFalse(html.contains(">nil<"), path)
        }
        let (_, added) = await browser.get("/members?done=member_added")
        XCTAssertTrue(added.contains(#"<p class="flash" role="status">"#), "a flash is shown when there is one")
    }

    func testLeadDisablesAMemberAndTheAuditLogShowsIt() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let ada = try await harness.team.members.add(name: "ada", displayName: "Ada", role: .member, password: "ada password", by: .system)
        let adaBrowser = WebHarness.Browser(harness)
        _ = try await adaBrowser.signIn("ada", "ada password")
        let lead = WebHarness.Browser(harness)
        lead.address = "10.9.9.9"
        let csrf = try await lead.signIn("lead", WebHarness.leadPassword)
        let (disabled, _) = await lead.post("/members/\(ada.id!)/disable", [], csrf: csrf)
        XCTAssertEqual(disabled.status, .seeOther)
        let (adaAfter, _) = await adaBrowser.get("/account")
        XCTAssertEqual(adaAfter.status, .seeOther, "a disabled member's session is gone")
        let (lastLead, html) = await lead.post("/members/1/disable", [], csrf: csrf)
        XCTAssertEqual(lastLead.status, .conflict)
        XCTAssertTrue(html.contains("at least one active lead"))
        let (_, audit) = await lead.get("/audit")
        XCTAssertTrue(audit.contains("member.disabled"))
        XCTAssertTrue(audit.contains("10.9.9.9"))
        XCTAssertTrue(audit.contains("sign_in.succeeded"))
    }

    func testLeadResetsAPasswordAndTheMembersSessionsEnd() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let ada = try await harness.team.members.add(name: "ada", displayName: "Ada", role: .member, password: "ada password", by: .system)
        let adaBrowser = WebHarness.Browser(harness)
        _ = try await adaBrowser.signIn("ada", "ada password")
        let lead = WebHarness.Browser(harness)
        let csrf = try await lead.signIn("lead", WebHarness.leadPassword)
        let (short, shortHTML) = await lead.post("/members/password", [("member", "\(ada.id!)"), ("password", "short")], csrf: csrf)
        XCTAssertEqual(short.status, .unprocessableContent)
        XCTAssertTrue(shortHTML.contains("At least 10 characters."))
        let (reset, _) = await lead.post("/members/password", [("member", "\(ada.id!)"), ("password", "brand new password")], csrf: csrf)
        XCTAssertEqual(reset.status, .seeOther)
        let (adaAfter, _) = await adaBrowser.get("/account")
        XCTAssertEqual(adaAfter.status, .seeOther, "the member's old session ended")
        let signedIn = try await harness.team.members.authenticate(name: "ada", password: "brand new password")
        XCTAssertNotNil(signedIn)
        let (list, listHTML) = await lead.get("/members")
        XCTAssertEqual(list.status, .ok)
        XCTAssertTrue(listHTML.contains(#"href="/members/\#(ada.id!)""#), "each member opens their own page")
        let (page, html) = await lead.get("/members/\(ada.id!)")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(html.contains(#"formaction="/members/\#(ada.id!)/disable""#))
        XCTAssertTrue(html.contains(#"<input type="hidden" name="member" value="\#(ada.id!)">"#))
        let (own, ownHTML) = await lead.get("/members/1")
        XCTAssertEqual(own.status, .ok)
        XCTAssertFalse(ownHTML.contains(#"formaction="/members/1/disable""#), "the lead's own page has no disable button")
        XCTAssertTrue(ownHTML.contains("This is you."))
        let (missing, _) = await lead.get("/members/999")
        XCTAssertEqual(missing.status, .notFound)
    }
}
