@testable import AtelierWeb
import FastCGI
import XCTest

final class RouterTests: XCTestCase {
    private func router() -> Router {
        var router = Router()
        router.get("/tasks/:id", access: .anyone) { context in Response(contentType: "text/plain", text: "task \(context.parameters["id"]!)") }
        router.post("/tasks/:id/cancel", access: .atLeast(.member)) { _ in Response(contentType: "text/plain", text: "cancelled") }
        router.get("/", access: .anyone) { _ in Response(contentType: "text/plain", text: "home") }
        return router
    }

    func testBindsParameters() {
        guard case .found(_, let immediate, let access, let parameters) = router().match(method: "GET", path: "/tasks/abc") else { return XCTFail() }
        XCTAssertNil(immediate)
        XCTAssertEqual(access, .anyone)
        XCTAssertEqual(parameters, ["id": "abc"])
    }

    func testCarriesTheImmediateAnswer() throws {
        var router = router()
        router.get("/ready", access: .anyone, immediate: { _ in Response(contentType: "text/plain", text: "ready") }) { _ in
            Response(contentType: "text/plain", text: "later")
        }
        guard case .found(_, let immediate?, _, _) = router.match(method: "GET", path: "/ready") else { return XCTFail() }
        let answer = try XCTUnwrap(immediate(RequestContext(request: Request(method: "GET", path: "/ready"), parameters: [:], language: .english)))
        XCTAssertEqual(answer.headers["content-type"], "text/plain")
    }

    func testHeadUsesTheGetRoute() {
        guard case .found = router().match(method: "HEAD", path: "/") else { return XCTFail() }
    }

    func testWrongMethodListsTheAllowedOnes() {
        guard case .methodNotAllowed(let allowed) = router().match(method: "DELETE", path: "/tasks/1/cancel") else { return XCTFail() }
        XCTAssertEqual(allowed, ["POST"])
    }

    /// A path that is exactly a route without parameters goes there, even when a parameter route
    /// added earlier would take it too; other spellings of the path still match by segments.
    func testLiteralRoutesWinAndLooseSpellingsStillMatch() throws {
        var router = router()
        router.get("/tasks/mine", access: .atLeast(.member)) { _ in Response(contentType: "text/plain", text: "mine") }
        guard case .found(_, _, let access, let parameters) = router.match(method: "GET", path: "/tasks/mine") else { return XCTFail() }
        XCTAssertEqual(access, .atLeast(.member))
        XCTAssertEqual(parameters, [:])
        guard case .found(_, _, .anyone, let bound) = router.match(method: "GET", path: "/tasks/other") else { return XCTFail() }
        XCTAssertEqual(bound, ["id": "other"])
        guard case .found = router.match(method: "GET", path: "//") else { return XCTFail("the root by segments") }
        guard case .found(_, _, .atLeast(.member), _) = router.match(method: "HEAD", path: "/tasks/mine/") else { return XCTFail() }
        guard case .methodNotAllowed(let allowed) = router.match(method: "POST", path: "/") else { return XCTFail() }
        XCTAssertEqual(allowed, ["GET"])
    }

    func testUnknownPathsAreNotFound() {
        guard case .notFound = router().match(method: "GET", path: "/tasks/1/2/3") else { return XCTFail() }
        guard case .notFound = router().match(method: "GET", path: "/task") else { return XCTFail() }
    }
}
