/// Compiles a set of templates: every template whose header names a view (`{{! view: Type }}`)
/// becomes a page function; the layout's header (`{{! layout: Type roots… }}`) gives the type
/// of the shared values. Templates without a header (partials) are compiled only where a page
/// includes them.
public struct TemplateCompilation {
    /// Template sources by name (`audit`, `partials/nav`), and the path to name in errors.
    public let templates: [String: (source: String, path: String)]
    /// Each locale's strings by code (`en`, `zh-Hans`).
    public let locales: [String: [String: String]]
    public let defaultLocale: String

    public init(templates: [String: (source: String, path: String)], locales: [String: [String: String]], defaultLocale: String) {
        self.templates = templates
        self.locales = locales
        self.defaultLocale = defaultLocale
    }

    /// The Swift source of `enum <enumName>` with one function per page.
    public func swiftSource(enumName: String) throws -> String {
        guard locales[defaultLocale] != nil else {
            throw TemplateError(file: "locales/\(defaultLocale).json", line: 1, message: "the default locale \(defaultLocale) has no file")
        }
        var pages: [SwiftPageGenerator.Page] = []
        var layout: (type: String, roots: [String], path: String)?
        for name in templates.keys.sorted() {
            guard let template = templates[name] else { continue }
            switch TemplateHeader.find(in: try TemplateParser.parse(template.source, file: template.path)) {
            case .view(let type):
                pages.append(try page(name, viewType: type))
            case .layout(let type, let roots):
                if let other = layout {
                    throw TemplateError(file: template.path, line: 1, message: "a second layout header; \(other.path) has one already")
                }
                layout = (type, roots, template.path)
            case nil:
                continue
            }
        }
        guard let layout else {
            guard pages.isEmpty else {
                throw TemplateError(file: pages[0].file, line: 1, message: "no template declares the layout's view ({{! layout: Type names… }})")
            }
            return try SwiftPageGenerator(layoutType: "Never", roots: [], defaultLocale: defaultLocale).source(for: [], enumName: enumName)
        }
        return try SwiftPageGenerator(layoutType: layout.type, roots: layout.roots, defaultLocale: defaultLocale)
            .source(for: pages, enumName: enumName)
    }

    private func page(_ name: String, viewType: String) throws -> SwiftPageGenerator.Page {
        guard let template = templates[name] else { throw TemplateError(file: name, line: 1, message: "no template \(name)") }
        var bodies: [(locale: String, nodes: [TemplateNode])] = []
        for locale in locales.keys.sorted() {
            let strings = locales[locale] ?? [:]
            let load: TemplateExpander.Loader = { included in
                guard let found = templates[included] else { return nil }
                return (try parsed(found, strings: strings, locale: locale), found.path)
            }
            let nodes = try TemplateExpander(load: load).expand(parsed(template, strings: strings, locale: locale), file: template.path)
            bodies.append((locale, nodes))
        }
        return SwiftPageGenerator.Page(name: name, file: template.path, viewType: viewType, bodies: bodies)
    }

    private func parsed(_ template: (source: String, path: String), strings: [String: String], locale: String) throws -> [TemplateNode] {
        let translated = try TranslationInliner.inline(template.source, strings: strings, file: template.path, locale: locale)
        return try TemplateParser.parse(translated, file: template.path)
    }
}
