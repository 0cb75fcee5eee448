@testable import AtelierWeb
import FastCGI
import XCTest

/// What every compiled page must show around its content: the HTML type, the page's language,
/// its title escaped, the navigation in that language, and no template tag left over.
enum PageLayoutAssertions {
    static func html(of response: Response) -> String {
        guard case .bytes(let bytes) = response.body else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func assertLayout(
        _ response: Response, title: String, language: Language, renderer: PageRenderer, file: StaticString = #filePath, line: UInt = #line
    ) {
        let html = html(of: response)
        XCTAssertEqual(response.headers["content-type"], "text/html; charset=utf-8", file: file, line: line)
        XCTAssertTrue(html.hasPrefix("<!doctype html>"), file: file, line: line)
        XCTAssertTrue(html.contains("<html lang=\"\(language.rawValue)\">"), file: file, line: line)
        XCTAssertTrue(html.contains("<title>\(HTMLEscaping.escape(title)) · Atelier</title>"), file: file, line: line)
        XCTAssertTrue(html.contains("aria-label=\"\(HTMLEscaping.escape(renderer.text("nav_label", in: language)))\""), file: file, line: line)
        XCTAssertFalse(html.contains("{{") || html.contains("}}"), "a template tag left in the page", file: file, line: line)
    }
}
