@testable import FastCGI
import XCTest

final class ResponseHeadTests: XCTestCase {
    private func head(_ response: Response) -> String { String(decoding: response.cgiHead, as: UTF8.self) }

    func testHeadCarriesStatusAndHeadersWithoutLineBreaksInValues() {
        let response = Response(status: .seeOther, headers: ["location": "/a\r\nSet-Cookie: x=1", "cache-control": "no-store"])
        XCTAssertEqual(head(response), "Status: 303 See Other\r\nlocation: /aSet-Cookie: x=1\r\ncache-control: no-store\r\nContent-Length: 0\r\n\r\n")
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
