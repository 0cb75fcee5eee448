@testable import AtelierWeb
import XCTest

/// Chat answers rendered from Markdown, with raw HTML and unsafe links taken out.
final class ChatMarkdownTests: XCTestCase {
    private func assertNoActiveContent(_ html: String, file: StaticString = #filePath, line: UInt = #line) {
        let lower = html.lowercased()
        for bad in ["<script", "<img", "<iframe", "<svg", "<style", "<object", "<embed", "<form", "<input", "javascript:", "data:text",
                    "onerror", "onclick", "onload", "style=", "<div", "</div"] where lower.contains(bad) {
            // Shown as text (escaped) is fine: only markup counts.
            XCTAssertFalse(Self.markup(lower).contains(bad), "\(bad) survived in \(html)", file: file, line: line)
        }
    }

    /// The tags of `html` (text between tags left out).
    private static func markup(_ html: String) -> String {
        var tags = "", inTag = false
        for character in html {
            if character == "<" { inTag = true }
            if inTag { tags.append(character) }
            if character == ">" { inTag = false; tags.append(" ") }
        }
        return tags
    }

    func testMarkdownIsRendered() {
        let html = ChatMarkdown.html("""
        # Title

        Some **bold** and *italic* text with `code`.

        - one
        - two

        1. first

        ```swift
        let x = 1 < 2
        ```

        | a | b |
        | - | - |
        | 1 | 2 |

        > quoted
        """)
        XCTAssertTrue(html.contains("<h1>Title</h1>"), html)
        XCTAssertTrue(html.contains("<strong>bold</strong>"), html)
        XCTAssertTrue(html.contains("<em>italic</em>"), html)
        XCTAssertTrue(html.contains("<code>code</code>"), html)
        XCTAssertTrue(html.contains("<ul><li>one</li><li>two</li></ul>"), html)
        XCTAssertTrue(html.contains("<ol><li>first</li></ol>"), html)
        XCTAssertTrue(html.contains("<pre><code>let x = 1 &lt; 2"), html)
        XCTAssertTrue(html.contains("<table>") && html.contains("<td>1</td>"), html)
        XCTAssertTrue(html.contains("<blockquote>"), html)
    }

    func testRawHTMLIsShownAsTextNeverRun() {
        let attempts = [
            "<script>alert(1)</script>",
            "hello <img src=x onerror=alert(1)> there",
            "<p onclick=\"alert(1)\">click</p>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<svg onload=alert(1)>",
            "<scr<script>ipt>alert(1)</script>",
            "<div style=\"position:fixed;inset:0\">cover</div>",
            "</div></div><form action=/signout method=post><button>x</button></form>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<!-- <script>alert(1)</script> -->",
            "```\n</code></pre><script>alert(1)</script>\n```",
            "<strong>ok</strong><em",
        ]
        for attempt in attempts {
            assertNoActiveContent(ChatMarkdown.html(attempt))
        }
        XCTAssertTrue(ChatMarkdown.html("<script>alert(1)</script>").contains("&lt;script&gt;"), "shown as text")
        XCTAssertTrue(ChatMarkdown.html("Say <b>politely</b>").contains("&lt;b&gt;politely&lt;/b&gt;"), "a tag Markdown never writes is raw HTML: text")
    }

    func testLinksAreSafeAndMarked() {
        let safe = ChatMarkdown.html("[docs](https://example.com/a?b=1&c=2)")
        XCTAssertTrue(safe.contains("<a href=\"https://example.com/a?b=1&amp;c=2\" rel=\"noopener nofollow\" referrerpolicy=\"no-referrer\">docs</a>")
                      || safe.contains("<a href=\"https://example.com/a?b=1&c=2\" rel=\"noopener nofollow\" referrerpolicy=\"no-referrer\">docs</a>"), safe)
        for url in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:x",
                    "java&#x09;script:alert(1)", "&#106;avascript:alert(1)", "//evil.example/x", " javascript:alert(1)"] {
            let html = ChatMarkdown.html("[x](\(url))")
            XCTAssertFalse(html.contains("href="), "\(url) → \(html)")
            assertNoActiveContent(html)
        }
        XCTAssertTrue(ChatMarkdown.html("[a](/tasks)").contains("href=\"/tasks\""))
    }

    func testImagesAreLinksNotHotLinked() {
        let html = ChatMarkdown.html("![a cat](https://relay.example/cat.png)")
        XCTAssertFalse(html.contains("<img"), html)
        XCTAssertTrue(html.contains("<a href=\"https://relay.example/cat.png\" rel=\"noopener nofollow\" referrerpolicy=\"no-referrer\" class=\"answer-image\">a cat</a>"), html)
        let unsafe = ChatMarkdown.html("![x](javascript:alert(1))")
        XCTAssertFalse(unsafe.contains("href"), unsafe)
        let quoted = ChatMarkdown.html("![\"><script>alert(1)</script>](https://a.example/x.png)")
        assertNoActiveContent(quoted)
    }

    func testTagsLeftOpenAreClosed() {
        let html = ChatMarkdown.sanitize("<ul><li><strong>open")
        XCTAssertEqual(html, "<ul><li><strong>open</strong></li></ul>")
        XCTAssertEqual(ChatMarkdown.sanitize("</p></li>text"), "text", "a closing tag without its opening one is dropped")
    }
}
