@testable import AtelierWeb
import Foundation
import XCTest

final class QueryEscapingTests: XCTestCase {
    func testEscapesWhatWouldEndOrSplitAQueryValue() {
        XCTAssertEqual("/tasks/7".queryValueEscaped, "/tasks/7")
        XCTAssertEqual("/audit?action=a&b=c d".queryValueEscaped, "/audit%3Faction%3Da%26b%3Dc%20d")
        XCTAssertEqual("/x#frag+1".queryValueEscaped, "/x%23frag%2B1")
        XCTAssertEqual("/画廊/猫".queryValueEscaped, "/%E7%94%BB%E5%BB%8A/%E7%8C%AB")
        XCTAssertEqual("".queryValueEscaped, "")
    }

    /// The same set Foundation's `urlQueryAllowed` gives once `& = + # ?` are taken out.
    func testAgreesWithFoundationOnEveryASCIICharacterAndSomeUnicode() {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#?")
        let samples = (0..<128).map { String(UnicodeScalar(UInt8($0))) } + ["é", "猫", "😀", "a b/c;d@e~f"]
        for sample in samples {
            XCTAssertEqual(sample.queryValueEscaped, sample.addingPercentEncoding(withAllowedCharacters: allowed), sample.debugDescription)
        }
    }
}
