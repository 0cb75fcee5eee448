import Foundation

/// The UI strings of every language, loaded once at start-up from `Templates/locales/<lang>.json`
/// (flat objects of `key: text`). Templates read them as `{{t.key}}`.
public struct Translations: Sendable {
    private let tables: [Language: [String: String]]

    public enum LoadError: Error, CustomStringConvertible {
        case missingFile(String)
        case invalid(String)
        case missingKeys(Language, [String])

        public var description: String {
            switch self {
            case .missingFile(let path): return "translation file missing: \(path)"
            case .invalid(let path): return "translation file is not a flat JSON object of strings: \(path)"
            case .missingKeys(let language, let keys): return "\(language.rawValue) lacks keys: \(keys.joined(separator: ", "))"
            }
        }
    }

    /// Loads every language and checks that each has the same keys as English.
    public init(directory: URL) throws {
        var tables: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let file = directory.appendingPathComponent("\(language.rawValue).json")
            guard let data = FileManager.default.contents(atPath: file.path) else { throw LoadError.missingFile(file.path) }
            guard let table = try? JSONDecoder().decode([String: String].self, from: data) else { throw LoadError.invalid(file.path) }
            tables[language] = table
        }
        let reference = Set(tables[.english]!.keys)
        for language in Language.allCases {
            let missing = reference.subtracting(tables[language]!.keys)
            if !missing.isEmpty { throw LoadError.missingKeys(language, missing.sorted()) }
        }
        self.tables = tables
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
