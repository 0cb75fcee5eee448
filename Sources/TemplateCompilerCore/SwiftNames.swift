/// Turns mustache names into Swift expressions under the typed-view conventions:
///
/// - `page.…` is the page's view, from any depth;
/// - a root name declared by the layout (`csrf`, `nav`, …) is that field of the layout's view,
///   from any depth;
/// - any other name is a field of the innermost section's item (of the layout's view outside
///   every section); `.` is the item itself.
struct SwiftNames {
    let roots: Set<String>

    private static let keywords: Set<String> = [
        "as", "break", "case", "catch", "class", "continue", "default", "defer", "do", "else", "enum", "extension",
        "fallthrough", "false", "for", "func", "guard", "if", "import", "in", "init", "inout", "internal", "is", "let",
        "nil", "operator", "private", "protocol", "public", "repeat", "return", "self", "Self", "static", "struct",
        "subscript", "super", "switch", "throw", "throws", "true", "try", "typealias", "var", "where", "while",
    ]

    /// The expression for `name` seen from `scope` (the Swift variable holding the current item).
    func expression(for name: String, scope: String, isRoot: Bool, file: String, line: Int) throws -> String {
        if name == "." {
            guard !isRoot else { throw TemplateError(file: file, line: line, message: "{{.}} outside a section has no item to print") }
            return scope
        }
        let components = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        for component in components where !Self.isIdentifier(component) {
            throw TemplateError(file: file, line: line, message: "{{\(name)}}: \"\(component)\" is not a Swift field name")
        }
        let path = components.map { Self.keywords.contains($0) ? "`\($0)`" : $0 }.joined(separator: ".")
        if components[0] == "page" { return path }
        if roots.contains(components[0]) { return "layout." + path }
        return scope + "." + path
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    /// `text` as a Swift string literal.
    static func literal(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A Swift identifier made of `text` (other characters become `_`).
    static func identifier(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.properties.isAlphabetic || ("0"..."9").contains($0) ? Character($0) : "_" })
    }
}
