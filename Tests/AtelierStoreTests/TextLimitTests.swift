import AtelierStore
import XCTest

final class TextLimitTests: XCTestCase {
    func testCharactersAndBytesBothCount() {
        let limit = TextLimit(characters: 10)
        XCTAssertEqual(limit.bytes, 40)
        XCTAssertNil(limit.problem("0123456789", field: "f"))
        XCTAssertNil(limit.problem("折纸鹤折纸鹤折纸鹤折", field: "f"), "ten characters of three bytes fit")
        XCTAssertEqual(limit.problem("01234567890", field: "f"), FieldError(field: "f", code: "too_long", limit: 10))
        XCTAssertEqual(limit.problem(String(repeating: "折", count: 100), field: "f"), FieldError(field: "f", code: "too_long", limit: 10),
                       "too many characters is said in characters, even past the byte cap")
        let accents = "z" + String(repeating: "\u{301}", count: 500_000)
        XCTAssertEqual(accents.count, 1)
        XCTAssertEqual(limit.problem(accents, field: "name"), FieldError(field: "name", code: "too_many_bytes", limit: 40))
        XCTAssertFalse(limit.allows(accents))
    }

    func testCutKeepsWholeScalarsWithinBothLimits() {
        let limit = TextLimit(characters: 4, bytes: 10)
        XCTAssertEqual(limit.cut("abc"), "abc")
        XCTAssertEqual(limit.cut("abcdef"), "abcd")
        XCTAssertEqual(limit.cut("折纸鹤折纸"), "折纸鹤", "nine bytes: a fourth character would pass ten")
        let cut = TextLimit.memberName.cut("z" + String(repeating: "\u{301}", count: 500_000))
        XCTAssertLessThanOrEqual(cut.utf8.count, TextLimit.memberName.bytes)
        XCTAssertEqual(cut.unicodeScalars.first, "z")
        XCTAssertEqual(cut.count, 1, "one character, as typed, only shorter")
    }
}
