/// The UI strings of every language, from `Templates/locales/<lang>.json` (flat objects of
/// `key: text`), compiled into the binary with the pages (`CompiledTranslations`): templates
/// have them inlined, Swift code reads them here. The build fails when a locale lacks a key that
/// English has.
public struct Translations: Sendable {
    private let tables: [Language: [String: String]]

    /// The strings compiled from `Templates/locales`.
    public static let compiled = Translations(byLocale: CompiledTranslations.tables)

    /// The tables of the languages Atelier speaks, by locale code (`en`, `zh-Hans`).
    init(byLocale tables: [String: [String: String]]) {
        var byLanguage: [Language: [String: String]] = [:]
        for language in Language.allCases { byLanguage[language] = tables[language.rawValue] ?? [:] }
        self.tables = byLanguage
    }

    /// Every string of a language.
    public func table(for language: Language) -> [String: String] {
        tables[language] ?? [:]
    }

    /// One string; the key itself when it is missing, so a gap shows instead of crashing.
    public func text(_ key: String, in language: Language) -> String {
        tables[language]?[key] ?? tables[.english]?[key] ?? key
    }
}
