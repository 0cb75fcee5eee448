import FastCGI
import XCTest

final class PercentDecodingTests: XCTestCase {
    func testDecodesEscapesAndUTF8() {
        XCTAssertEqual(PercentDecoding.decode("a%20b%E4%B8%AD", plusIsSpace: false), "a b中")
        XCTAssertEqual(PercentDecoding.decode("a+b", plusIsSpace: true), "a b")
        XCTAssertEqual(PercentDecoding.decode("a+b", plusIsSpace: false), "a+b")
    }

    func testRefusesMalformedEscapesAndInvalidUTF8() {
        XCTAssertNil(PercentDecoding.decode("%zz", plusIsSpace: false))
        XCTAssertNil(PercentDecoding.decode("abc%2", plusIsSpace: false))
        XCTAssertNil(PercentDecoding.decode("%", plusIsSpace: false))
        XCTAssertNil(PercentDecoding.decode("%FF%FE", plusIsSpace: false))
    }

    func testParsesFormsInOrderAndNamesTheBadField() throws {
        let fields = try PercentDecoding.parseForm("prompt=a+cat%21&n=2&empty=&flag")
        XCTAssertEqual(fields, [
            FormField(name: "prompt", value: "a cat!"), FormField(name: "n", value: "2"),
            FormField(name: "empty", value: ""), FormField(name: "flag", value: ""),
        ])
        XCTAssertThrowsError(try PercentDecoding.parseForm("ok=1&size=%G1")) { error in
            XCTAssertEqual(error as? RequestError, .malformedField("size"))
        }
    }
}
