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

    func testEveryLanguageHasEveryKey() throws {
        // Throws when a locale lacks a key that English has.
        _ = try Translations(directory: TestPaths.templates.appendingPathComponent("locales"))
    }
}

final class LocalizedTemplatesTests: XCTestCase {
    func testTranslationTagsAreFilledInAtLoadTimeAndEscaped() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("locales"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(#"{"greeting": "Tom & <Jerry>"}"#.utf8).write(to: directory.appendingPathComponent("locales/en.json"))
        try Data(#"{"greeting": "你好"}"#.utf8).write(to: directory.appendingPathComponent("locales/zh-Hans.json"))
        try Data("<p>{{ t.greeting }} {{name}}</p>".utf8).write(to: directory.appendingPathComponent("page.mustache"))
        let translations = try Translations(directory: directory.appendingPathComponent("locales"))
        let libraries = try LocalizedTemplates.load(directory: directory, translations: translations)
        XCTAssertEqual(libraries[.english]?.render(["name": "<b>"], withTemplate: "page"), "<p>Tom &amp; &lt;Jerry&gt; &lt;b&gt;</p>")
        XCTAssertEqual(libraries[.simplifiedChinese]?.render(["name": "猫"], withTemplate: "page"), "<p>你好 猫</p>")

        try Data("<p>{{t.missing_key}}</p>".utf8).write(to: directory.appendingPathComponent("page.mustache"))
        XCTAssertThrowsError(try LocalizedTemplates.load(directory: directory, translations: translations))
    }
}

final class TranslationTagsTests: XCTestCase {
    func testTagsWithOrWithoutBlanksAreReplacedAndEverythingElseKept() {
        let source = "a {{t.one}} b {{ t.two_2 }}{{\tt.x\n}} {{t.}} {{ t .y}} {{t.z} {{name}} {{{t.w}}} 猫 {{t.one"
        let replaced = TranslationTags.replacing(in: source) { "<\($0)>" }
        XCTAssertEqual(replaced, "a <one> b <two_2><x> {{t.}} {{ t .y}} {{t.z} {{name}} {<w>} 猫 {{t.one")
    }

    func testAThrowingLookupStopsTheScan() {
        struct Unknown: Error {}
        XCTAssertThrowsError(try TranslationTags.replacing(in: "{{t.a}} {{t.b}}") { key in
            if key == "b" { throw Unknown() }
            return key
        })
    }
}

final class AcceptLanguageBlanksTests: XCTestCase {
    func testTagsAndQValuesAreReadAroundSpacesAndTabs() {
        XCTAssertEqual(Language.preferred(cookie: nil, acceptLanguage: " en ;\tq=0.2 ,\tzh-CN ; q=0.9"), .simplifiedChinese)
        XCTAssertEqual(Language.preferred(cookie: nil, acceptLanguage: "zh;q=0 , en"), .english)
        XCTAssertEqual(Language.preferred(cookie: nil, acceptLanguage: " \t, ;q=1"), .english)
    }
}
