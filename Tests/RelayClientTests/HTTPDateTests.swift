import Foundation
import XCTest

@testable import RelayClient

/// `Retry-After` dates (RFC 9110 IMF-fixdate) read without DateFormatter.
final class HTTPDateTests: XCTestCase {
    func testIMFFixdates() {
        XCTAssertEqual(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT"), Date(timeIntervalSince1970: 784_111_777))
        XCTAssertEqual(HTTPDate.parse("Thu, 01 Jan 1970 00:00:00 GMT"), Date(timeIntervalSince1970: 0))
        XCTAssertEqual(HTTPDate.parse("Tue, 29 Feb 2028 23:59:59 UTC"), Date(timeIntervalSince1970: 1_835_481_599))
        XCTAssertEqual(HTTPDate.parse("sun, 6 NOV 1994 08:49:37 gmt"), Date(timeIntervalSince1970: 784_111_777), "case and a one-digit day")
    }

    func testOtherTextIsNoDate() {
        for text in ["", "7", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 PST", "Sun 06 Nov 1994 08:49:37 GMT",
                     "Sun, 31 Feb 2025 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 94 08:49:37 GMT",
                     "Sun, 06 Nov 1994 8:49:37 GMT", "Sun, 06 Nov 1994 08:49 GMT", "Sun, +6 Nov 1994 08:49:37 GMT",
                     "Sun, 06 Nov 1994 25:00:00 GMT", "Sunday, 06-Nov-94 08:49:37 GMT"] {
            XCTAssertNil(HTTPDate.parse(text), text)
        }
    }
}
