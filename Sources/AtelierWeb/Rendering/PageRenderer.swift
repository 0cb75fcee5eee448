/// What every page's rendering shares: the translations (compiled in with the pages) for text
/// made in Swift, and the version the layout shows. Pages themselves are compiled templates
/// (`CompiledTemplates`, see `CompiledPageRendering.swift`), with their `{{t.key}}` text inlined
/// per language and every value HTML-escaped as it is written.
public struct PageRenderer: Sendable {
    let translations: Translations
    let version: String

    public init(version: String, translations: Translations = .compiled) {
        self.translations = translations
        self.version = version
    }

    /// True when the translations have `key` (for keys that come from a request, like flash messages).
    public func hasText(_ key: String) -> Bool {
        translations.table(for: .english)[key] != nil
    }

    /// One translated string.
    public func text(_ key: String, in language: Language) -> String {
        translations.text(key, in: language)
    }

    /// One translated string with its `{placeholders}` filled in (in one pass: a value that
    /// itself holds `{name}` is not filled again); a placeholder without a value stays as it is.
    func text(_ key: String, in language: Language, filling values: [String: String]) -> String {
        let template = text(key, in: language)
        guard template.utf8.contains(UInt8(ascii: "{")) else { return template }
        var filled = ""
        filled.reserveCapacity(template.utf8.count + 16)
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            filled += rest[..<open]
            let name = rest.index(after: open)
            if let close = rest[name...].firstIndex(of: "}"), let value = values[String(rest[name..<close])] {
                filled += value
                rest = rest[rest.index(after: close)...]
            } else {
                filled += "{"
                rest = rest[name...]
            }
        }
        filled += rest
        return filled
    }
}
