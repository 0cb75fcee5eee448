@testable import AtelierWeb
import XCTest

final class LanguageTests: XCTestCase {
    func testCookieWinsOverAcceptLanguage() {
        XCTAssertEqual(Language.preferred(cookie: "en", acceptLanguage: "zh-CN,zh;q=0.9"), .english)
        XCTAssertEqual(Language.preferred(cookie: "zh-Hans", acceptLanguage: "en-US"), .simplifiedChinese)
    }

    func testAcceptLanguageIsRankedByQuality() {
        XCTAssertEqual(Language.preferred(cookie: nil, acceptLanguage: "zh-CN,zh;q=0.9,en;q=0.8"), .simplifiedChinese)
        XCTAssertEqual(Language.preferred(cookie: nil, acceptLanguage: "fr;q=1, en;q=0.5, zh;q=0.4"), .english)
        XCTAssertEqual(Language.preferred(cookie: "xx", acceptLanguage: nil), .english)
    }

    func testLanguageSwitchOnlyReturnsToLocalPaths() {
        XCTAssertEqual(LanguageController.safeReturnPath("/tasks?page=2"), "/tasks?page=2")
        XCTAssertEqual(LanguageController.safeReturnPath("//evil.example/"), "/")
        XCTAssertEqual(LanguageController.safeReturnPath("https://evil.example/"), "/")
        XCTAssertEqual(LanguageController.safeReturnPath("/\\evil.example"), "/")
        XCTAssertEqual(LanguageController.safeReturnPath(nil), "/")
    }

    func testEveryLanguageHasEveryKey() throws {
        // Throws when a locale lacks a key that English has.
        _ = try Translations(directory: TestPaths.templates.appendingPathComponent("locales"))
    }
}
