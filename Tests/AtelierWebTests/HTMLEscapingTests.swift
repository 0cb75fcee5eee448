@testable import AtelierWeb
import XCTest

final class HTMLEscapingTests: XCTestCase {
    func testEscapesTheFiveCharactersAndLeavesTheRest() {
        XCTAssertEqual(HTMLEscaping.escape(#"<a href="x" title='y'>&amp;</a>"#),
                       "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;")
        XCTAssertEqual(HTMLEscaping.escape("简体中文 🎨 plain"), "简体中文 🎨 plain")
        XCTAssertEqual(HTMLEscaping.escape("\"\u{301}"), "&quot;\u{301}", "a quote with a combining mark is still escaped")
    }

    /// The compiled pages escape every value the same way (`HTMLBuffer`), translated text included.
    func testCompiledPagesEscapeEveryValue() {
        let renderer = PageRenderer(version: "9.9.9")
        let page = ErrorPage(status: 400, title: "<b>t</b>", message: "x'y", detail: "\"<i>\"", isServerError: false)
        let layout = renderer.layout(title: page.title, language: .english, path: "/?a=<b>", role: nil, viewer: nil, csrf: "c")
        let response = renderer.respond(status: .badRequest) { CompiledTemplates.error(page, layout: layout, locale: "en", into: &$0) }
        let html = PageLayoutAssertions.html(of: response)
        XCTAssertTrue(html.contains("&lt;b&gt;t&lt;/b&gt;"))
        XCTAssertTrue(html.contains("x&#39;y"))
        XCTAssertTrue(html.contains("&quot;&lt;i&gt;&quot;"))
        XCTAssertFalse(html.contains("<b>t</b>") || html.contains("<i>"))
    }
}
