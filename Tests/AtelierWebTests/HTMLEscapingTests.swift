@testable import AtelierWeb
import FastCGI
import XCTest

final class HTMLEscapingTests: XCTestCase {
    func testEscapesTheFiveCharactersAndLeavesTheRest() {
        XCTAssertEqual(HTMLEscaping.escape(#"<a href="x" title='y'>&amp;</a>"#),
                       "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;")
        XCTAssertEqual(HTMLEscaping.escape("简体中文 🎨 plain"), "简体中文 🎨 plain")
        XCTAssertEqual(HTMLEscaping.escape("\"\u{301}"), "&quot;\u{301}", "a quote with a combining mark is still escaped")
    }

    func testTemplatesUseItForEveryValue() async throws {
        let renderer = try PageRenderer(templatesDirectory: TestPaths.templates, version: "9.9.9")
        let response = renderer.render(templateNamed: "error", page: ["title": "<b>t</b>", "status": 400, "message": "x'y",
                                                                      "detail": "\"<i>\"", "isServerError": false],
                                       language: .english, path: "/")
        guard case .bytes(let bytes) = response.body else { return XCTFail() }
        let html = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(html.contains("&lt;b&gt;t&lt;/b&gt;"))
        XCTAssertTrue(html.contains("x&#39;y"))
        XCTAssertTrue(html.contains("&quot;&lt;i&gt;&quot;"))
        XCTAssertFalse(html.contains("<b>t</b>") || html.contains("<i>"))
        XCTAssertFalse(html.contains("CONTENT_TYPE"), "the pragma leaves no trace")
    }
}
