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
        guard case .found(_, let access, let parameters) = router().match(method: "GET", path: "/tasks/abc") else { return XCTFail() }
        XCTAssertEqual(access, .anyone)
        XCTAssertEqual(parameters, ["id": "abc"])
    }

    func testHeadUsesTheGetRoute() {
        guard case .found = router().match(method: "HEAD", path: "/") else { return XCTFail() }
    }

    func testWrongMethodListsTheAllowedOnes() {
        guard case .methodNotAllowed(let allowed) = router().match(method: "DELETE", path: "/tasks/1/cancel") else { return XCTFail() }
        XCTAssertEqual(allowed, ["POST"])
    }

    func testUnknownPathsAreNotFound() {
        guard case .notFound = router().match(method: "GET", path: "/tasks/1/2/3") else { return XCTFail() }
        guard case .notFound = router().match(method: "GET", path: "/task") else { return XCTFail() }
    }
}
