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

    /// One translated string with its `{placeholders}` filled in.
    func text(_ key: String, in language: Language, filling values: [String: String]) -> String {
        values.reduce(text(key, in: language)) { text, pair in
            text.replacingOccurrences(of: "{\(pair.key)}", with: pair.value)
        }
    }
}
