@testable import FastCGI
import XCTest

final class ResponseHeadTests: XCTestCase {
    private func head(_ response: Response) -> String { String(decoding: response.cgiHead, as: UTF8.self) }

    func testHeadCarriesStatusAndHeaders() {
        let response = Response(status: .seeOther, headers: ["location": "/a?b=折纸", "cache-control": "no-store"])
        XCTAssertEqual(head(response), "Status: 303 See Other\r\nlocation: /a?b=折纸\r\ncache-control: no-store\r\nContent-Length: 0\r\n\r\n")
    }

    /// A header value (or name) with CR, LF or NUL is not stripped into another value: the whole
    /// response is refused with a bare 500, and the refusal names the header.
    func testAHeaderWithCROrLFOrNULIsRefusedWithA500() {
        for bad in ["/a\r\nSet-Cookie: x=1", "//evil.example\r\n", "/\n", "/a\0b", "\r"] {
            let response = Response(status: .seeOther, headers: ["cache-control": "no-store", "location": bad])
            var refused: [String] = []
            let sent = response.vetted { refused.append($0) }
            XCTAssertEqual(refused, ["location"], bad.debugDescription)
            XCTAssertEqual(sent.status, .internalServerError)
            XCTAssertTrue(head(sent).hasPrefix("Status: 500 Internal Server Error\r\n"))
            XCTAssertFalse(head(sent).contains("evil") || head(sent).contains("Set-Cookie"))
            XCTAssertNil(response.prepared().vetted { _ in }.unsafeHeaderName, "a prepared copy is refused too")
            XCTAssertEqual(response.prepared().vetted { _ in }.status, .internalServerError)
        }
        var refused: [String] = []
        let named = Response(headers: ["x-a\r\nb": "1"]).vetted { refused.append($0) }
        XCTAssertEqual(named.status, .internalServerError)
        XCTAssertEqual(refused.count, 1)
        let sound = Response(status: .seeOther, headers: ["location": "/tasks\tx"])
        XCTAssertEqual(sound.vetted { _ in XCTFail("a tab does not end a header") }.status, .seeOther)
    }

    /// A complete body carries its length; a streamed one, a body-less status, a length already
    /// set and an X-Accel-Redirect do not get one.
    func testContentLengthOnlyForCompleteBodies() {
        XCTAssertTrue(head(Response(contentType: "text/plain", text: "héllo")).hasSuffix("Content-Length: 6\r\n\r\n"))
        let streamed = Response(headers: ["content-type": "text/plain"], body: .stream { _ in })
        XCTAssertFalse(head(streamed).contains("Content-Length"))
        XCTAssertFalse(head(Response(status: .noContent)).contains("Content-Length"))
        XCTAssertFalse(head(Response(status: .notModified)).contains("Content-Length"))
        let own = Response(headers: ["content-length": "42"], body: .bytes([]))
        XCTAssertEqual(head(own).components(separatedBy: "ength").count, 2, "one length only")
        XCTAssertFalse(head(Response(headers: ["x-accel-redirect": "/media/ab/cd/x.png"])).contains("Content-Length"))
    }

    /// A prepared response writes the head it made ahead; changing its status or headers
    /// afterwards is never lost to that copy.
    func testPreparedHeadIsTheSameAndFollowsLaterChanges() {
        let plain = Response(status: .ok, headers: ["content-type": "text/plain"], body: .bytes(Array("ok".utf8)))
        var prepared = plain.prepared()
        XCTAssertEqual(head(prepared), head(plain))
        prepared.headers.set("x-extra", "1")
        XCTAssertEqual(head(prepared), "Status: 200 OK\r\ncontent-type: text/plain\r\nx-extra: 1\r\nContent-Length: 2\r\n\r\n")
        prepared.body = .bytes(Array("longer".utf8))
        XCTAssertTrue(head(prepared).hasSuffix("Content-Length: 6\r\n\r\n"))
        var moved = plain.prepared()
        moved.status = .notFound
        XCTAssertTrue(head(moved).hasPrefix("Status: 404 Not Found\r\n"))
    }
}
