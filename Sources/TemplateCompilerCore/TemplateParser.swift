/// Parses mustache text into `TemplateNode`s, line by line with the same whitespace rules as
/// swift-mustache (a line holding only a section, comment, partial or block tag disappears), so
/// a compiled page prints exactly what the interpreted one did.
///
/// Not supported (a `TemplateError` says so): set-delimiter tags, dynamic partials, lambdas and
/// transforms, and partials or blocks indented on a line of their own.
public struct TemplateParser {
    private let file: String
    private var cursor: TemplateCursor

    /// Parses `source`; `file` names it in errors.
    ///
    /// swift-mustache, which rendered the pages before, had a `{{% CONTENT_TYPE: …}}` pragma in
    /// front of every template, which changes whether a tag on the first line stands alone; the
    /// parser keeps that rule, so the pages print as they did.
    public static func parse(_ source: String, file: String) throws -> [TemplateNode] {
        var parser = TemplateParser(file: file, cursor: TemplateCursor("{{% CONTENT_TYPE: HTML}}" + source))
        return try parser.parse(State(), openedAt: 1)
    }

    private struct State {
        var sectionName: String?
        var newLine = true
        var inParent = false
        var parentTopLevel = false
        var parentIndent: String?

        func entering(section name: String, newLine standalone: Bool) -> State {
            var state = self
            state.sectionName = name
            state.parentTopLevel = false
            if !standalone { state.newLine = false }
            return state
        }

        func enteringParent(_ name: String) -> State {
            var state = self
            state.sectionName = name
            state.newLine = true
            state.inParent = true
            state.parentTopLevel = true
            return state
        }
    }

    private func error(_ message: String, line: Int? = nil) -> TemplateError {
        TemplateError(file: file, line: line ?? cursor.line, message: message)
    }

    // swiftlint:disable:next function_body_length cyclomatic_complexity
    private mutating func parse(_ initial: State, openedAt openLine: Int) throws -> [TemplateNode] {
        var nodes: [TemplateNode] = []
        var state = initial
        var whitespaceBefore = ""
        while !cursor.atEnd {
            if state.newLine {
                let whitespace = cursor.read { $0 == " " || $0 == "\t" }
                if state.inParent, !state.parentTopLevel {
                    if let indent = state.parentIndent {
                        whitespaceBefore = String(whitespace.dropFirst(indent.count))
                    } else {
                        state.parentIndent = whitespace
                    }
                } else {
                    whitespaceBefore = whitespace
                }
            }
            let text = readTextUntilTagOrNewline()
            if let newline = cursor.current, newline.isNewline {
                nodes.append(.text(whitespaceBefore + text + String(newline)))
                state.newLine = true
                cursor.advance()
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(whitespaceBefore + text))
                whitespaceBefore = ""
                state.newLine = false
            }
            guard let kind = cursor.current else { break }
            let tagLine = cursor.line
            var standalone = false
            func flushWhitespace() {
                if !whitespaceBefore.isEmpty { nodes.append(.text(whitespaceBefore)); whitespaceBefore = "" }
            }
            switch kind {
            case "#", "^":
                cursor.advance()
                let name = try readName()
                if isStandalone(state) { standalone = true } else { flushWhitespace() }
                let body = try parse(state.entering(section: name, newLine: standalone), openedAt: tagLine)
                nodes.append(.section(name: name, inverted: kind == "^", body: body, line: tagLine))
            case "/":
                cursor.advance()
                let name = try readName()
                guard name == state.sectionName else {
                    if let open = state.sectionName {
                        throw error("{{/\(name)}} closes a section, but {{\(open)}} opened at line \(openLine) is still open")
                    }
                    throw error("{{/\(name)}} closes a section that was never opened")
                }
                if !isStandalone(state) { flushWhitespace() }
                return nodes
            case "!":
                cursor.advance()
                guard let comment = cursor.read(upTo: "}}") else { throw error("comment is not closed with }}") }
                nodes.append(.comment(comment))
                standalone = isStandalone(state)
            case "%":
                cursor.advance()
                guard cursor.read(upTo: "}}") != nil else { throw error("pragma is not closed with }}") }
                standalone = isStandalone(state)
            case "{", "&":
                flushWhitespace()
                cursor.advance()
                let name = try readName()
                if kind == "{", !cursor.skip("}") { throw error("{{{\(name)}} needs a third closing brace") }
                nodes.append(.variable(name: name, escaped: false, line: tagLine))
            case ">":
                cursor.advance()
                let name = try readPartialName()
                let indent = whitespaceBefore
                flushWhitespace()
                standalone = isStandalone(state)
                if standalone, !indent.isEmpty {
                    throw error("an indented partial on a line of its own ({{> \(name)}}) is not supported: start it at the beginning of the line", line: tagLine)
                }
                nodes.append(.partial(name: name, line: tagLine))
            case "<":
                cursor.advance()
                let name = try readPartialName()
                flushWhitespace()
                standalone = isStandalone(state)
                let body = try parse(state.enteringParent(name), openedAt: tagLine)
                var blocks: [String: [TemplateNode]] = [:]
                for node in body {
                    switch node {
                    case .block(let block, let content, _): blocks[block] = content
                    case .text, .comment: break
                    default: throw error("only {{$block}}…{{/block}} may stand inside {{<\(name)}}", line: tagLine)
                    }
                }
                nodes.append(.parent(name: name, blocks: blocks, line: tagLine))
            case "$":
                cursor.advance()
                let name = try readName()
                if state.parentTopLevel {
                    standalone = isStandalone(state)
                } else {
                    let indent = whitespaceBefore
                    flushWhitespace()
                    standalone = isStandalone(state)
                    if standalone, !indent.isEmpty {
                        throw error("an indented block on a line of its own ({{$\(name)}}) is not supported", line: tagLine)
                    }
                }
                let body = try parse(state.entering(section: name, newLine: standalone), openedAt: tagLine)
                nodes.append(.block(name: name, defaultBody: body, line: tagLine))
            case "=":
                throw error("set-delimiter tags are not supported")
            default:
                flushWhitespace()
                nodes.append(.variable(name: try readName(), escaped: true, line: tagLine))
            }
            state.newLine = standalone
        }
        if let open = state.sectionName {
            throw error("{{\(open)}} opened at line \(openLine) is never closed (expected {{/\(open)}})", line: openLine)
        }
        return nodes
    }

    /// Text up to the next `{{` (consumed) or newline (not consumed), or the end.
    private mutating func readTextUntilTagOrNewline() -> String {
        var text = ""
        while let character = cursor.current, !character.isNewline {
            if character == "{", cursor.skip("{{") { return text }
            text.append(character)
            cursor.advance()
        }
        return text
    }

    /// True when the tag just read started its line and only blanks follow it; then the rest of
    /// the line, its newline included, is consumed.
    private mutating func isStandalone(_ state: State) -> Bool {
        guard state.newLine else { return false }
        if cursor.atEnd { return true }
        var lookahead = cursor
        _ = lookahead.read { $0 == " " || $0 == "\t" }
        guard let character = lookahead.current, character.isNewline else { return false }
        lookahead.advance()
        cursor = lookahead
        return true
    }

    private static let nameCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")

    private mutating func readName() throws -> String {
        _ = cursor.read { $0.isWhitespace }
        let name = cursor.read { Self.nameCharacters.contains($0) }
        _ = cursor.read { $0.isWhitespace }
        guard cursor.skip("}}") else { throw error("tag is not closed with }} after \"\(name)\" (transforms are not supported)") }
        guard !name.isEmpty else { throw error("tag has no name") }
        return name
    }

    private mutating func readPartialName() throws -> String {
        _ = cursor.read { $0.isWhitespace }
        if cursor.current == "*" { throw error("dynamic partials are not supported") }
        let name = cursor.read { Self.nameCharacters.contains($0) || $0 == "/" || $0 == "(" || $0 == ")" }
        _ = cursor.read { $0.isWhitespace }
        guard cursor.skip("}}") else { throw error("partial tag is not closed with }}") }
        guard !name.isEmpty else { throw error("partial tag has no name") }
        return name
    }
}
