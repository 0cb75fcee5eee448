import Foundation
import XCTest

/// Sign-in, CSRF, roles and the master key check with the real server behind real nginx.
final class TeamThroughNginxTests: ServerBehindNginxTestCase {
    override class var folderPrefix: String { "e2e-team" }

    private static func csrf(in html: String) -> String? {
        guard let range = html.range(of: #"name="_csrf" value="([^"]+)""#, options: .regularExpression) else { return nil }
        return String(html[range].split(separator: "\"")[3])
    }

    /// Signs in as the lead through the form; returns the session cookie and the session's CSRF token.
    private func signInAsLead() throws -> (cookie: String, csrf: String) {
        let form = try nginx.get("/signin")
        let anonymousCookie = try XCTUnwrap(form.cookie("atelier_csrf"))
        let token = try XCTUnwrap(Self.csrf(in: form.text))
        let signedIn = try nginx.post("/signin", form: [("name", "lead"), ("password", AtelierServerProcess.leadPassword),
                                                        ("next", "/members"), ("_csrf", token)],
                                      headers: ["Cookie": anonymousCookie])
        XCTAssertEqual(signedIn.status, 303, signedIn.text)
        XCTAssertEqual(signedIn.headers["location"], "/members")
        let session = try XCTUnwrap(signedIn.cookie("atelier_session"))
        XCTAssertTrue(signedIn.setCookies.contains { $0.hasPrefix("atelier_session=") && $0.contains("HttpOnly") && $0.contains("SameSite=Lax") })
        let page = try nginx.get("/members", headers: ["Cookie": session])
        XCTAssertEqual(page.status, 200)
        return (session, try XCTUnwrap(Self.csrf(in: page.text)))
    }

    func testLeadSignsInAndAddsAMemberOnlyWithTheCSRFToken() throws {
        let anonymous = try nginx.get("/members")
        XCTAssertEqual(anonymous.status, 303)
        XCTAssertEqual(anonymous.headers["location"], "/signin?next=/members")

        let (cookie, csrf) = try signInAsLead()
        let fields = [("name", "ada"), ("display_name", "Ada <i>L</i>"), ("role", "member"), ("password", "ada password 1")]
        let forged = try nginx.post("/members", form: fields, headers: ["Cookie": cookie])
        XCTAssertEqual(forged.status, 403)
        let listAfterForgery = try nginx.get("/members", headers: ["Cookie": cookie])
        XCTAssertFalse(listAfterForgery.text.contains("Ada &lt;i&gt;L&lt;/i&gt;"), "nothing changed")

        let added = try nginx.post("/members", form: fields + [("_csrf", csrf)], headers: ["Cookie": cookie])
        XCTAssertEqual(added.status, 303)
        let list = try nginx.get("/members", headers: ["Cookie": cookie])
        XCTAssertTrue(list.text.contains("Ada &lt;i&gt;L&lt;/i&gt;"))

        // The new member signs in and is refused the lead's pages.
        let form = try nginx.get("/signin")
        let memberSignIn = try nginx.post("/signin", form: [("name", "ada"), ("password", "ada password 1"),
                                                            ("_csrf", try XCTUnwrap(Self.csrf(in: form.text)))],
                                          headers: ["Cookie": try XCTUnwrap(form.cookie("atelier_csrf"))])
        let memberCookie = try XCTUnwrap(memberSignIn.cookie("atelier_session"))
        XCTAssertEqual(try nginx.get("/members", headers: ["Cookie": memberCookie]).status, 403)
        XCTAssertEqual(try nginx.get("/audit", headers: ["Cookie": memberCookie]).status, 403)

        let audit = try nginx.get("/audit", headers: ["Cookie": cookie])
        XCTAssertTrue(audit.text.contains("member.added"))
        XCTAssertTrue(audit.text.contains("127.0.0.1"), "the address nginx saw is recorded")
    }

    func testAWrongMasterKeyStopsTheServerWithAClearMessage() throws {
        nginx.stop()
        XCTAssertEqual(server.child.stop(), 0)
        let wrongKey = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        XCTAssertThrowsError(try AtelierServerProcess(directory: directory, environment: ["ATELIER_MASTER_KEY": wrongKey])) { error in
            XCTAssertTrue("\(error)".contains("the master key does not open the provider keys"), "\(error)")
        }
        // The right key still opens everything (the demo relay's key was sealed on the first start).
        server = try AtelierServerProcess(directory: directory)
        nginx = try NginxFront(socket: server.socket, directory: directory)
        XCTAssertEqual(try nginx.get("/healthz").status, 200)
        _ = try signInAsLead()
    }

    /// The language switch and the sign-in form follow only a local path: a CR LF pair, a tab,
    /// a backslash or a second slash send the reader home instead of off-site.
    func testRedirectsWithSmuggledBytesGoHome() throws {
        let payloads = ["/%0d%0a/evil.example/phish", "/%09/evil.example", "/%0a/evil.example", "/%5c/evil.example",
                        "/%7f/evil.example", "//evil.example", "/%5Cevil.example"]
        for payload in payloads {
            let switched = try nginx.get("/lang/en?next=" + payload)
            XCTAssertEqual(switched.status, 303, payload)
            XCTAssertEqual(switched.headers["location"], "/", payload)
            let form = try nginx.get("/signin?next=" + payload)
            XCTAssertTrue(form.text.contains(#"name="next" value="/""#), payload)
        }
        XCTAssertEqual(try nginx.get("/lang/en?next=/tasks%3Fscope%3Dteam").headers["location"], "/tasks?scope=team")

        let form = try nginx.get("/signin")
        let signedIn = try nginx.post("/signin", form: [("name", "lead"), ("password", AtelierServerProcess.leadPassword),
                                                        ("next", "/\r\n/evil.example/phish"), ("_csrf", try XCTUnwrap(Self.csrf(in: form.text)))],
                                      headers: ["Cookie": try XCTUnwrap(form.cookie("atelier_csrf"))])
        XCTAssertEqual(signedIn.status, 303, signedIn.text)
        XCTAssertEqual(signedIn.headers["location"], "/")
    }
}
