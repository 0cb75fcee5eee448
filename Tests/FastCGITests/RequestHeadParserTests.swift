import FastCGI
import XCTest

final class RequestHeadParserTests: XCTestCase {
    private let base = [
        "REQUEST_METHOD": "POST", "REQUEST_URI": "/tasks/42?view=full&q=%E7%8C%AB", "REMOTE_ADDR": "10.0.0.7",
        "HTTP_USER_AGENT": "test", "HTTP_ACCEPT_LANGUAGE": "zh-CN", "HTTP_COOKIE": "lang=zh-Hans; sid=abc; sid=dup",
        "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": "12", "HTTPS": "on",
    ]

    func testCopiesMethodPathQueryHeadersCookiesAndAddress() throws {
        let request = try RequestHeadParser.parse(CGIParameters(base))
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
            XCTAssertThrowsError(try RequestHeadParser.parse(CGIParameters(params)), uri) { error in
                guard case .invalidPath = error as? RequestError else { return XCTFail("\(uri): \(error)") }
            }
        }
    }

    func testNamesTheMalformedQueryField() {
        var params = base
        params["REQUEST_URI"] = "/search?page=2&q=%E7%8C"
        XCTAssertThrowsError(try RequestHeadParser.parse(CGIParameters(params))) { error in
            XCTAssertEqual(error as? RequestError, .malformedField("q"))
        }
    }
}

final class CGIParametersTests: XCTestCase {
    func testKeepsTheVariablesReadAndTheHeadersAndCountsEverything() {
        let given = [
            "REQUEST_METHOD": "GET", "REQUEST_URI": "/", "HTTP_X_FORWARDED_FOR": "1.2.3.4", "HTTP_HOST": "example.org",
            "SERVER_SOFTWARE": "nginx/1.22.1", "DOCUMENT_ROOT": "/srv", "HTTPS": "on", "HTTP_": "no name",
        ]
        let parameters = CGIParameters(given)
        XCTAssertEqual(parameters.method, "GET")
        XCTAssertEqual(parameters.requestURI, "/")
        XCTAssertEqual(parameters.https, "on")
        XCTAssertNil(parameters.documentURI)
        XCTAssertEqual(parameters.headers["x-forwarded-for"], "1.2.3.4")
        XCTAssertEqual(parameters.headers["host"], "example.org")
        XCTAssertEqual(parameters.headers.count, 2, "SERVER_SOFTWARE, DOCUMENT_ROOT and a bare HTTP_ are not headers")
        XCTAssertEqual(parameters.totalBytes, given.reduce(0) { $0 + $1.key.utf8.count + 1 + $1.value.utf8.count })
    }

    func testTheCGIContentTypeReplacesTheHeaderCopy() throws {
        let request = try RequestHeadParser.parse(CGIParameters([
            "REQUEST_URI": "/upload", "CONTENT_TYPE": "text/plain", "HTTP_CONTENT_TYPE": "text/plain",
            "CONTENT_LENGTH": "3", "HTTP_CONTENT_LENGTH": "3",
        ]))
        XCTAssertEqual(request.headers.values("content-type"), ["text/plain"])
        XCTAssertEqual(request.headers.values("content-length"), ["3"])
        XCTAssertEqual(request.method, "GET")
        XCTAssertEqual(request.scheme, "http")
    }

    func testDotsInsideANameAreNotDotSegments() throws {
        for path in ["/a/.../b", "/a/..b", "/.well-known/x", "/a./b", "/"] {
            XCTAssertEqual(try RequestHeadParser.decodePath(path[...]), path)
        }
        for path in ["/..", "/a/.", "/a/./", "/a/%2E%2E"] {
            XCTAssertThrowsError(try RequestHeadParser.decodePath(path[...]), path)
        }
    }

    func testCookieNamesAndValuesLoseSurroundingBlanksOnly() {
        XCTAssertEqual(RequestHeadParser.parseCookies([" a = 1 ;\tb=two words\t; =x; c"]), ["a": "1", "b": "two words"])
    }
}
