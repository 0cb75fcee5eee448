@testable import FastCGI
import XCTest

final class ResponseHeadTests: XCTestCase {
    private func head(_ response: Response) -> String { String(decoding: response.cgiHead, as: UTF8.self) }

    func testHeadCarriesStatusAndHeadersWithoutLineBreaksInValues() {
        let response = Response(status: .seeOther, headers: ["location": "/a\r\nSet-Cookie: x=1", "cache-control": "no-store"])
        XCTAssertEqual(head(response), "Status: 303 See Other\r\nlocation: /aSet-Cookie: x=1\r\ncache-control: no-store\r\n\r\n")
    }

    /// A prepared response writes the head it made ahead; changing its status or headers
    /// afterwards is never lost to that copy.
    func testPreparedHeadIsTheSameAndFollowsLaterChanges() {
        let plain = Response(status: .ok, headers: ["content-type": "text/plain"], body: .bytes(Array("ok".utf8)))
        var prepared = plain.prepared()
        XCTAssertEqual(head(prepared), head(plain))
        prepared.headers.set("x-extra", "1")
        XCTAssertEqual(head(prepared), "Status: 200 OK\r\ncontent-type: text/plain\r\nx-extra: 1\r\n\r\n")
        var moved = plain.prepared()
        moved.status = .notFound
        XCTAssertTrue(head(moved).hasPrefix("Status: 404 Not Found\r\n"))
    }
}
