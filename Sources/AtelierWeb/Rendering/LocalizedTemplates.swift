import Foundation
import Mustache

/// Loads every template once per language, with each `{{t.key}}` already replaced by that
/// language's text (HTML-escaped). Static text then costs nothing at render time, and a key
/// that no locale defines stops the server at start-up instead of showing up on a page.
enum LocalizedTemplates {
    enum LoadError: Error, CustomStringConvertible {
        case unknownKey(String, template: String)
        case unreadable(String)

        var description: String {
            switch self {
            case .unknownKey(let key, let template): return "template \(template) uses t.\(key), which no locale defines"
            case .unreadable(let path): return "cannot read template \(path)"
            }
        }
    }

    /// One library per language, from the `.mustache` files under `directory` (subfolders give
    /// names such as `partials/nav`).
    static func load(directory: URL, translations: Translations) throws -> [Language: MustacheLibrary] {
        let sources = try templateSources(in: directory)
        var libraries: [Language: MustacheLibrary] = [:]
        HTMLEscaping.registerContentType()
        for language in Language.allCases {
            let strings = translations.table(for: language)
            var library = MustacheLibrary()
            for (name, source) in sources {
                let localized = try TranslationTags.replacing(in: source) { key in
                    guard let text = strings[key] else { throw LoadError.unknownKey(key, template: name) }
                    return HTMLEscaping.escape(text)
                }
                try library.register(HTMLEscaping.pragma + localized, named: name)
            }
            libraries[language] = library
        }
        return libraries
    }

    private static func templateSources(in directory: URL) throws -> [(name: String, source: String)] {
        let base = directory.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: base) else { throw LoadError.unreadable(base) }
        var sources: [(String, String)] = []
        for case let relative as String in walker where relative.hasSuffix(".mustache") {
            let path = base + "/" + relative
            guard let source = try? String(contentsOfFile: path, encoding: .utf8) else { throw LoadError.unreadable(path) }
            sources.append((String(relative.dropLast(".mustache".count)), source))
        }
        return sources
    }
}
