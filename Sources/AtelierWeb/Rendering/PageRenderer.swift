import AtelierStore
import FastCGI
import Foundation
import Mustache

/// Renders pages from the mustache templates in `Templates/`, loaded once at start-up.
///
/// Every page template extends `layout` (`{{<layout}}…{{/layout}}`) and sees, besides its own
/// `page` object: `nav`, `returnPath` (for the language switch) and `version`. `{{t.key}}` tags
/// are translated when the templates are loaded (see `LocalizedTemplates`); each locale names the
/// other language for the switch. Values are HTML-escaped unless a template uses triple braces, which
/// Atelier's templates never do with user input.
public struct PageRenderer: Sendable {
    private let libraries: [Language: MustacheLibrary]
    let translations: Translations
    let version: String

    /// Templates every deployment must have: every page rendered here and what they include.
    /// Start-up fails when one is missing. Pages compiled at build time (see
    /// `CompiledPageRendering.swift`) are in the binary instead.
    public static let requiredTemplates = PageTemplate.shared

    public enum LoadError: Error, CustomStringConvertible {
        case missingTemplate(String, directory: String)

        public var description: String {
            switch self {
            case .missingTemplate(let name, let directory): return "template \(name).mustache missing in \(directory)"
            }
        }
    }

    /// Loads the templates and translations under `templatesDirectory`.
    public init(templatesDirectory: URL, version: String) throws {
        translations = try Translations(directory: templatesDirectory.appendingPathComponent("locales"))
        libraries = try LocalizedTemplates.load(directory: templatesDirectory, translations: translations)
        for name in Self.requiredTemplates where libraries[.english]?.getTemplate(named: name) == nil {
            throw LoadError.missingTemplate(name, directory: templatesDirectory.path)
        }
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

    /// Renders a compiled page's source by its name, which tests render both ways to compare.
    func render(
        templateNamed template: String, page: [String: Any], language: Language, path: String, role: Role? = nil,
        extra: [String: Any] = [:], status: HTTPStatus = .ok
    ) -> Response {
        // An absent optional (`flash`, `problem`, …) must leave its key out: swift-mustache treats an
        // `Optional.none` held in `Any` as a present value and would print "nil".
        let page = page.filter { ($0.value as? any AbsentValue)?.isAbsent != true }
        var context: [String: Any] = [
            "version": version,
            "page": page,
            "nav": Navigation.items(activePath: path, role: role, strings: translations.table(for: language)),
            "returnPath": path.queryValueEscaped,
        ]
        context.merge(extra) { _, new in new }
        context["title"] = page["title"]
        // Every PageTemplate was found at start-up; should a library still not render one, the
        // reader gets a plain 500 rather than the server stopping.
        guard let html = libraries[language]?.render(context, withTemplate: template) else {
            return Response(status: .internalServerError, headers: SecurityHeaders.html, body: .bytes(Array("Internal Server Error".utf8)))
        }
        return Response(status: status, headers: SecurityHeaders.html, body: .bytes(Array(html.utf8)))
    }
}

/// Lets `render` spot an `Optional.none` boxed in `Any`.
private protocol AbsentValue {
    var isAbsent: Bool { get }
}

extension Optional: AbsentValue {
    fileprivate var isAbsent: Bool { self == nil }
}
