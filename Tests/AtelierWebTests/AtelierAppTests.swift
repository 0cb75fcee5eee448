import AtelierStore
@testable import AtelierWeb
import FastCGI
import Logging
import XCTest

/// The application answered in-process (no nginx): pages, languages and error pages.
final class AtelierAppTests: XCTestCase {
    private func app(extraRoutes: (inout Router) -> Void = { _ in }) async throws -> AtelierApp {
        let renderer = PageRenderer(version: "9.9.9")
        let team = Team(database: try AtelierDatabase.inMemory(), masterKey: .random(), hasher: PasswordHasher(rounds: 1_000))
        var router = Router()
        HomeController(renderer: renderer, team: team).register(in: &router)
        HealthController(version: "9.9.9").register(in: &router)
        LanguageController(team: team).register(in: &router)
        extraRoutes(&router)
        return AtelierApp(router: router, renderer: renderer, sessions: team.sessions, logger: Logger(label: "test"))
    }

    private func text(_ response: Response) -> String {
        guard case .bytes(let bytes) = response.body else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    func testHomePageRendersInsideTheLayout() async throws {
        let response = try await app().respond(to: Request(method: "GET", path: "/"))
        XCTAssertEqual(response.status, .ok)
        XCTAssertEqual(response.headers["content-type"], "text/html; charset=utf-8")
        XCTAssertNotNil(response.headers["content-security-policy"])
        let html = text(response)
        XCTAssertTrue(html.contains("<html lang=\"en\">"))
        XCTAssertTrue(html.contains("href=\"/static/css/atelier.css\""))
        XCTAssertTrue(html.contains("aria-current=\"page\">Home</a>"))
        XCTAssertTrue(html.contains("Midjourney"))
        XCTAssertTrue(html.contains("Atelier 9.9.9"))
    }

    func testHomePageSpeaksChineseWhenAsked() async throws {
        let app = try await app()
        let byHeader = await app.respond(to: Request(method: "GET", path: "/", headers: ["accept-language": "zh-CN,zh;q=0.9"]))
        XCTAssertTrue(text(byHeader).contains("<html lang=\"zh-Hans\">"))
        XCTAssertTrue(text(byHeader).contains("团队专属的 AI 中转站工作室"))
        let byCookie = await app.respond(to: Request(method: "GET", path: "/", cookies: ["lang": "zh-Hans"]))
        XCTAssertTrue(text(byCookie).contains(">首页</a>"))
    }

    /// The signed-out home page is rendered once per language at start-up: it must be what a
    /// render for this very request would give (it would not be, were the signed-out layout ever
    /// to show the request's CSRF token or query).
    func testSignedOutHomeIsTheSameAsAFreshRender() async throws {
        let renderer = PageRenderer(version: "9.9.9")
        let team = Team(database: try AtelierDatabase.inMemory(), masterKey: .random(), hasher: PasswordHasher(rounds: 1_000))
        let home = HomeController(renderer: renderer, team: team)
        let app = try await app()
        for language in Language.allCases {
            let request = Request(method: "GET", path: "/", query: [FormField(name: "from", value: "mail")],
                                  cookies: ["lang": language.rawValue, Cookies.anonymousCSRF: String(repeating: "c", count: 43)])
            let fresh = try await home.show(RequestContext(request: request, parameters: [:], language: language,
                                                            csrfToken: String(repeating: "c", count: 43)))
            let immediate = try XCTUnwrap(app.immediateResponse(to: request), "a signed-out GET / is answered at once")
            for served in [await app.respond(to: request), immediate] {
                XCTAssertEqual(text(served), text(fresh), language.rawValue)
                XCTAssertEqual(served.status, fresh.status)
                XCTAssertEqual(Array(served.headers).map { "\($0.name): \($0.value)" }, Array(fresh.headers).map { "\($0.name): \($0.value)" })
            }
        }
    }

    /// Only signed-out GETs of routes with an immediate answer skip the async handler: a session
    /// cookie, another method, a route without one or an unknown path all wait for `respond`.
    func testImmediateAnswersAreLimitedToSignedOutGetsOfRoutesThatHaveThem() async throws {
        let app = try await app()
        let health = try XCTUnwrap(app.immediateResponse(to: Request(method: "GET", path: "/healthz")))
        XCTAssertEqual(text(health), "ok 9.9.9\n")
        XCTAssertNotNil(app.immediateResponse(to: Request(method: "HEAD", path: "/")))
        let zh = try XCTUnwrap(app.immediateResponse(to: Request(method: "GET", path: "/", headers: ["accept-language": "zh-CN"])))
        XCTAssertTrue(text(zh).contains("<html lang=\"zh-Hans\">"))

        XCTAssertNil(app.immediateResponse(to: Request(method: "GET", path: "/", cookies: [Cookies.session: "anything"])))
        XCTAssertNil(app.immediateResponse(to: Request(method: "POST", path: "/")))
        XCTAssertNil(app.immediateResponse(to: Request(method: "GET", path: "/lang/zh-Hans")))
        XCTAssertNil(app.immediateResponse(to: Request(method: "GET", path: "/nowhere")))
        XCTAssertNil(app.immediateResponse(to: Request(method: "GE T", path: "/")))
    }

    func testLanguageSwitchSetsACookieAndGoesBack() async throws {
        let response = try await app().respond(to: Request(method: "GET", path: "/lang/zh-Hans", query: [FormField(name: "next", value: "/?a=1")]))
        XCTAssertEqual(response.status, .seeOther)
        XCTAssertEqual(response.headers["location"], "/?a=1")
        XCTAssertEqual(response.headers["set-cookie"], "lang=zh-Hans; Path=/; Max-Age=31536000; SameSite=Lax")
        let unknown = try await app().respond(to: Request(method: "GET", path: "/lang/xx"))
        XCTAssertEqual(unknown.status, .notFound)
    }

    func testHealthAnswersWithTheVersion() async throws {
        let response = try await app().respond(to: Request(method: "GET", path: "/healthz"))
        XCTAssertEqual(response.status, .ok)
        XCTAssertEqual(text(response), "ok 9.9.9\n")
    }

    func testUnknownPathAndMethodGetTheirPages() async throws {
        let app = try await app()
        let missing = await app.respond(to: Request(method: "GET", path: "/nowhere"))
        XCTAssertEqual(missing.status, .notFound)
        XCTAssertTrue(text(missing).contains("There is no page at this address."))
        let wrongMethod = await app.respond(to: Request(method: "BREW", path: "/"))
        XCTAssertEqual(wrongMethod.status, .methodNotAllowed)
        XCTAssertEqual(wrongMethod.headers["allow"], "GET, HEAD")
        let notAToken = await app.respond(to: Request(method: "GE T", path: "/"))
        XCTAssertEqual(notAToken.status, .badRequest)
    }

    func testRequestErrorsBecomeClearPagesNamingTheField() async throws {
        let app = try await app()
        let field = await app.respond(to: .malformedField("<script>alert(1)</script>"), request: Request(method: "GET", path: "/"))
        XCTAssertEqual(field.status, .badRequest)
        XCTAssertTrue(text(field).contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the field name is shown, escaped")
        XCTAssertFalse(text(field).contains("<script>alert"))
        let tooLarge = await app.respond(to: .bodyTooLarge(limit: 20 * 1024 * 1024), request: nil)
        XCTAssertEqual(tooLarge.status, .payloadTooLarge)
        XCTAssertTrue(text(tooLarge).contains("20 MiB"), text(tooLarge))
        let headers = await app.respond(to: .headersTooLarge(limit: 1), request: nil)
        XCTAssertEqual(headers.status, .requestHeaderFieldsTooLarge)
    }

    func testServerErrorPageNeverShowsInternals() async throws {
        struct Leak: Error, CustomStringConvertible { var description: String { "internal detail token-7f3a at /srv/db.sqlite" } }
        let app = try await app { router in router.get("/boom", access: .anyone) { _ in throw Leak() } }
        let response = await app.respond(to: Request(method: "GET", path: "/boom"))
        XCTAssertEqual(response.status, .internalServerError)
        let html = text(response)
        XCTAssertTrue(html.contains("Something went wrong"))
        XCTAssertFalse(html.contains("token-7f3a"))
        XCTAssertFalse(html.contains("db.sqlite"))
        XCTAssertFalse(html.contains("Leak"))
    }
}
