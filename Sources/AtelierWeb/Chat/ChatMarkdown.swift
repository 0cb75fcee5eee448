import Ink

/// A relay's Markdown answer as HTML that is safe to put in a page. Ink renders the Markdown
/// (code blocks, lists, tables, emphasis, links) and passes any raw HTML in the answer through,
/// so its output is then rebuilt tag by tag from an allow-list: tags outside it are shown as
/// text, every attribute is dropped except a link's `href` (kept only for `http`, `https`,
/// `mailto`, a path or a fragment; `javascript:`, `data:` and anything else lose it), links get
/// `rel="noopener nofollow"`, an image becomes a link to it (never loaded from the relay's host
/// by the page), and tags left open are closed so the answer cannot spill into the page.
enum ChatMarkdown {
    static func html(_ markdown: String) -> String {
        sanitize(MarkdownParser().html(from: markdown))
    }

    /// Tags kept (without attributes, but for `a`'s href); `img` becomes a link. These are the
    /// tags Ink writes for Markdown: any other tag in the answer (`<b>`, `<div>`, `<script>`…) is
    /// raw HTML and shows as text; a raw tag from this list keeps only its bare formatting.
    private static let kept: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "pre", "code", "em", "strong", "blockquote",
        "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "a", "img", "del", "s",
    ]
    private static let void: Set<String> = ["hr", "br", "img"]
    private static let linkAttributes = " rel=\"noopener nofollow\" referrerpolicy=\"no-referrer\""

    /// Rebuilds `html` from the allow-list above.
    static func sanitize(_ html: String) -> String {
        var out = ""
        var open: [String] = []
        var index = html.startIndex
        while index < html.endIndex {
            let character = html[index]
            if character == "<", let tag = Tag(in: html, at: index), kept.contains(tag.name) {
                index = tag.end
                if tag.isClosing {
                    guard let depth = open.lastIndex(of: tag.name) else { continue }
                    for name in open[depth...].reversed() { out += "</\(name)>" }
                    open.removeSubrange(depth...)
                } else if tag.name == "img" {
                    let source = tag.attribute("src").flatMap(safeURL)
                    let label = tag.attribute("alt").flatMap { $0.isEmpty ? nil : $0 } ?? tag.attribute("src") ?? ""
                    if let source {
                        out += "<a href=\"\(attributeEscaped(source))\"\(linkAttributes) class=\"answer-image\">\(textEscaped(label))</a>"
                    } else {
                        out += textEscaped(label)
                    }
                } else if void.contains(tag.name) {
                    out += "<\(tag.name)>"
                } else if tag.name == "a" {
                    let href = tag.attribute("href").flatMap(safeURL).map { " href=\"\(attributeEscaped($0))\"" } ?? ""
                    out += "<a\(href)\(linkAttributes)>"
                    open.append("a")
                } else {
                    out += "<\(tag.name)>"
                    open.append(tag.name)
                }
                continue
            }
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(character)
            }
            index = html.index(after: index)
        }
        for name in open.reversed() { out += "</\(name)>" }
        return out
    }

    /// The URL when a link may point there: `http://`, `https://` or `mailto:` as the literal
    /// start (no entity, space or control character can change the scheme after that), a path
    /// on Atelier (`/…`, not `//host`, which would be another host) or a fragment.
    static func safeURL(_ value: String) -> String? {
        let lower = value.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") { return value }
        if lower.hasPrefix("#") || (lower.hasPrefix("/") && !lower.hasPrefix("//") && !lower.hasPrefix("/\\")) { return value }
        return nil
    }

    /// An attribute value as it came (entities stay entities), with the characters that could end it escaped.
    private static func attributeEscaped(_ value: String) -> String {
        value.replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    private static func textEscaped(_ value: String) -> String {
        value.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// One tag: `<name attributes>` or `</name>`, ending at the first `>` (no `<` inside).
    private struct Tag {
        let name: String
        let isClosing: Bool
        let attributes: Substring
        let end: String.Index

        init?(in html: String, at start: String.Index) {
            var index = html.index(after: start)
            isClosing = index < html.endIndex && html[index] == "/"
            if isClosing { index = html.index(after: index) }
            let nameStart = index
            while index < html.endIndex, html[index].isASCII, html[index].isLetter || html[index].isNumber {
                index = html.index(after: index)
            }
            guard index > nameStart else { return nil }
            name = html[nameStart..<index].lowercased()
            let attributesStart = index
            while index < html.endIndex, html[index] != ">" {
                if html[index] == "<" { return nil }
                index = html.index(after: index)
            }
            guard index < html.endIndex else { return nil }
            let next = html[attributesStart].isWhitespace || html[attributesStart] == "/" || attributesStart == index
            guard next else { return nil }
            attributes = html[attributesStart..<index]
            end = html.index(after: index)
        }

        /// A quoted attribute's value (`name="…"` or `name='…'`), as written.
        func attribute(_ wanted: String) -> String? {
            var rest = attributes[...]
            while let range = rest.range(of: wanted + "=", options: .caseInsensitive) {
                let before = range.lowerBound == attributes.startIndex ? " " : attributes[attributes.index(before: range.lowerBound)]
                rest = rest[range.upperBound...]
                guard before.isWhitespace, let quote = rest.first, quote == "\"" || quote == "'" else { continue }
                let value = rest.dropFirst()
                guard let close = value.firstIndex(of: quote) else { return nil }
                return String(value[..<close])
            }
            return nil
        }
    }
}
