import FastCGI
import XCTest

final class RequestHeadParserTests: XCTestCase {
    private let base = [
        "REQUEST_METHOD": "POST", "REQUEST_URI": "/tasks/42?view=full&q=%E7%8C%AB", "REMOTE_ADDR": "10.0.0.7",
        "HTTP_USER_AGENT": "test", "HTTP_ACCEPT_LANGUAGE": "zh-CN", "HTTP_COOKIE": "lang=zh-Hans; sid=abc; sid=dup",
        "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": "12", "HTTPS": "on",
    ]

    func testCopiesMethodPathQueryHeadersCookiesAndAddress() throws {
        let request = try RequestHeadParser.parse(base)
        XCTAssertEqual(request.method, "POST")
        XCTAssertEqual(request.path, "/tasks/42")
        XCTAssertEqual(request.queryValue("q"), "猫")
        XCTAssertEqual(request.queryValue("view"), "full")
        XCTAssertEqual(request.headers["User-Agent"], "test")
        XCTAssertEqual(request.headers["accept-language"], "zh-CN")
        XCTAssertEqual(request.headers["content-length"], "12")
        XCTAssertEqual(request.cookies, ["lang": "zh-Hans", "sid": "abc"])
        XCTAssertEqual(request.remoteAddress, "10.0.0.7")
        XCTAssertEqual(request.scheme, "https")
    }

    func testRefusesDotSegmentsNulAndBadEscapesInThePath() {
        for uri in ["/a/../etc/passwd", "/a/%2e%2e/b", "/a%00b", "/%zz", "/./x"] {
            var params = base
            params["REQUEST_URI"] = uri
            XCTAssertThrowsError(try RequestHeadParser.parse(params), uri) { error in
                guard case .invalidPath = error as? RequestError else { return XCTFail("\(uri): \(error)") }
            }
        }
    }

    func testNamesTheMalformedQueryField() {
        var params = base
        params["REQUEST_URI"] = "/search?page=2&q=%E7%8C"
        XCTAssertThrowsError(try RequestHeadParser.parse(params)) { error in
            XCTAssertEqual(error as? RequestError, .malformedField("q"))
        }
    }
}
