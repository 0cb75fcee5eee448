@testable import AtelierWeb
import XCTest
import Foundation

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
        XCTAssertEqual(ReturnPath.safe("/tasks?page=2"), "/tasks?page=2")
        XCTAssertEqual(ReturnPath.safe("//evil.example/"), "/")
        XCTAssertEqual(ReturnPath.safe("https://evil.example/"), "/")
        XCTAssertEqual(ReturnPath.safe("/\\evil.example"), "/")
        XCTAssertEqual(ReturnPath.safe(nil), "/")
    }

    /// A CR LF pair is one `Character`, a tab is dropped by browsers: both are refused byte by
    /// byte, as are DEL and a backslash anywhere.
    func testReturnPathsWithControlBytesOrBackslashesGoHome() {
        XCTAssertEqual(ReturnPath.safe("/\r\n/evil.example/phish"), "/")
        XCTAssertEqual(ReturnPath.safe("/\t/evil.example"), "/")
        XCTAssertEqual(ReturnPath.safe("/tasks\u{7F}"), "/")
        XCTAssertEqual(ReturnPath.safe("/tasks\\x"), "/")
        XCTAssertEqual(ReturnPath.safe("/\0"), "/")
        XCTAssertEqual(ReturnPath.safe("/"), "/")
        XCTAssertEqual(ReturnPath.safe("/" + String(repeating: "a", count: 5000)), "/", "too long for a response head")
        XCTAssertEqual(ReturnPath.safe("/studio/image?x=折纸"), "/studio/image?x=折纸")
    }

    func testEveryLanguageHasEveryKey() {
        // The build stops when a locale lacks a key English has; this checks what was compiled in.
        let english = Set(Translations.compiled.table(for: .english).keys)
        XCTAssertGreaterThan(english.count, 100)
        for language in Language.allCases {
            XCTAssertEqual(Set(Translations.compiled.table(for: language).keys), english, "\(language)")
        }
        XCTAssertEqual(Translations.compiled.text("nav_home", in: .simplifiedChinese), "首页")
    }
}

final class AcceptLanguageBlanksTests: XCTestCase {
    func testTagsAndQValuesAreReadAroundSpacesAndTabs() {
        XCTAssertEqual(Language.preferred(cookie: nil, acceptLanguage: " en ;\tq=0.2 ,\tzh-CN ; q=0.9"), .simplifiedChinese)
        XCTAssertEqual(Language.preferred(cookie: nil, acceptLanguage: "zh;q=0 , en"), .english)
        XCTAssertEqual(Language.preferred(cookie: nil, acceptLanguage: " \t, ;q=1"), .english)
    }
}
