import Foundation
import XCTest

/// The real `atelier-server` binary behind real nginx, over real HTTP on loopback.
final class AtelierThroughNginxTests: ServerBehindNginxTestCase {
    override class var folderPrefix: String { "e2e" }

    private func assertStillServing(after what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let health = try nginx.get("/healthz")
        XCTAssertEqual(health.status, 200, "not serving after \(what)", file: file, line: line)
    }

    func testHealthAndHomePage() throws {
        let health = try nginx.get("/healthz")
        XCTAssertEqual(health.status, 200)
        XCTAssertTrue(health.text.hasPrefix("ok "), health.text)

        let home = try nginx.get("/")
        XCTAssertEqual(home.status, 200)
        XCTAssertEqual(home.headers["content-type"], "text/html; charset=utf-8")
        // A complete page carries its length: nginx passes it on whole, not in chunks.
        XCTAssertEqual(home.headers["content-length"], String(home.body.count))
        XCTAssertNil(home.headers["transfer-encoding"])
        XCTAssertTrue(home.text.contains("Your team&#39;s studio for AI relays"))

        let chinese = try nginx.get("/", headers: ["Accept-Language": "zh-CN,zh;q=0.9"])
        XCTAssertTrue(chinese.text.contains("团队专属的 AI 中转站工作室"))
    }

    func testLanguageSwitchCookieIsHonoured() throws {
        let switched = try nginx.get("/lang/zh-Hans?next=%2F")
        XCTAssertEqual(switched.status, 303)
        XCTAssertEqual(switched.headers["location"], "/")
        let cookie = try XCTUnwrap(switched.headers["set-cookie"]?.split(separator: ";").first)
        let home = try nginx.get("/", headers: ["Cookie": String(cookie)])
        XCTAssertTrue(home.text.contains("<html lang=\"zh-Hans\">"))
    }

    func testStaticFilesAreServedByNginxWithCacheHeaders() throws {
        let css = try nginx.get("/static/css/atelier.css")
        XCTAssertEqual(css.status, 200)
        XCTAssertEqual(css.headers["content-type"], "text/css")
        XCTAssertTrue(css.headers["cache-control"]?.contains("max-age=604800") ?? false, "\(css.headers)")
        XCTAssertNotNil(css.headers["etag"])
        // A missing static file is nginx's 404, never a request to Atelier.
        let missing = try nginx.get("/static/nope.css")
        XCTAssertEqual(missing.status, 404)
        XCTAssertFalse(missing.text.contains("There is no page at this address."))
    }

    func testMediaIsOnlyReachableThroughAtelier() throws {
        try Data("secret".utf8).write(to: nginx.directory.appendingPathComponent("media/file.txt"))
        XCTAssertEqual(try nginx.get("/media/file.txt").status, 404)
    }

    func testMalformedPercentEncodingGetsA400NamingTheField() throws {
        let query = try nginx.get("/?prompt=%E4%B8&n=1")
        XCTAssertEqual(query.status, 400)
        XCTAssertTrue(query.text.contains("<code>prompt</code>"), query.text)
        XCTAssertEqual(try nginx.get("/%zz").status, 400)
        try assertStillServing(after: "malformed percent-encoding")
    }

    func testOversizedHeaderGetsA4xxPage() throws {
        let huge = String(repeating: "a", count: 100_000)
        let response = try nginx.get("/", headers: ["X-Huge": huge])
        XCTAssertEqual(response.status, 431)
        XCTAssertTrue(response.text.contains("Request headers too large"))
        try assertStillServing(after: "an oversized header")
    }

    func testBodyOverTheCapGetsA413Page() throws {
        let body = [UInt8](repeating: UInt8(ascii: "a"), count: 21 * 1024 * 1024)
        let response = try RawHTTP.request(port: nginx.port, method: "POST", target: "/",
                                           headers: ["Content-Type": "application/octet-stream"], body: body)
        XCTAssertEqual(response.status, 413)
        XCTAssertTrue(response.text.contains("Upload too large"), response.text.prefix(300).description)
        try assertStillServing(after: "a body over the cap")
    }

    func testTruncatedMultipartGetsA400() throws {
        let body = Array("--XYZ\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\na cat\r\n--XYZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.png\"\r\n\r\nPNGDATA".utf8)
        let response = try RawHTTP.request(port: nginx.port, method: "POST", target: "/",
                                           headers: ["Content-Type": "multipart/form-data; boundary=XYZ"], body: body)
        XCTAssertEqual(response.status, 400)
        XCTAssertTrue(response.text.contains("incomplete or malformed"), response.text)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("atelier-upload-") }, [])
        try assertStillServing(after: "a truncated multipart body")
    }

    func testUnknownMethodGetsA405() throws {
        let response = try RawHTTP.request(port: nginx.port, method: "BREW", target: "/")
        XCTAssertEqual(response.status, 405)
        XCTAssertEqual(response.headers["allow"], "GET, HEAD")
        try assertStillServing(after: "an unknown method")
    }

    func testDotDotAndNulPathsGet400() throws {
        for target in ["/a/../../etc/passwd", "/static/../Package.swift", "/a%00b", "/a/%2e%2e/%2e%2e/etc/passwd"] {
            let response = try nginx.get(target)
            XCTAssertEqual(response.status, 400, target)
            XCTAssertFalse(response.text.contains("swift-tools-version"), target)
        }
        try assertStillServing(after: "dot-dot and NUL paths")
    }

    func testSigtermStopsTheServerCleanly() throws {
        XCTAssertEqual(server.child.stop(), 0, server.child.log)
        XCTAssertFalse(FileManager.default.fileExists(atPath: server.socket), "the socket file is removed")
        let down = try nginx.get("/")
        XCTAssertEqual(down.status, 502)
        XCTAssertTrue(down.text.contains("Atelier is not answering"))
    }
}
