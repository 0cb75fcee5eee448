import TemplateCompilerCore
import Testing

@Suite struct TemplateCompilationTests {
    private let layout = "{{! layout: Shell title csrf }}<title>{{$title}}{{title}}{{/title}}</title>\n{{> partials/top}}\n{{$content}}{{/content}}\n"
    private let top = "<nav>{{t.menu}}</nav>\n"
    private let page = "{{! view: ListPage }}{{<layout}}\n{{$content}}\n{{#page.rows}}<i>{{name}} {{csrf}}</i>{{/page.rows}}\n{{/content}}\n{{/layout}}\n"

    private func compile(page: String? = nil, locales: [String: [String: String]]? = nil) throws -> String {
        let templates: [String: (source: String, path: String)] = [
            "layout": (layout, "layout.mustache"), "partials/top": (top, "partials/top.mustache"),
            "list": (page ?? self.page, "list.mustache"), "untyped": ("{{t.absent}}", "untyped.mustache"),
        ]
        return try TemplateCompilation(
            templates: templates, locales: locales ?? ["en": ["menu": "Menu & more"], "zh-Hans": ["menu": "菜单"]], defaultLocale: "en"
        ).swiftSource(enumName: "Pages")
    }

    @Test func pageBecomesOneFunctionPerLocaleWithTranslationsInlined() throws {
        let source = try compile()
        #expect(source.contains("static func list(_ page: ListPage, layout: Shell, locale: String, into out: inout HTMLBuffer)"))
        #expect(source.contains("case \"zh-Hans\": list_zh_Hans(page, layout, &out)"))
        #expect(source.contains("default: list_en(page, layout, &out)"))
        #expect(source.contains("<nav>Menu &amp; more</nav>"))
        #expect(source.contains("<nav>菜单</nav>"))
    }

    @Test func namesResolveToPageLayoutRootsOrTheSectionItem() throws {
        let source = try compile()
        #expect(source.contains("out.write(layout.title)"))
        #expect(source.contains("TemplateRuntime.section(page.rows, layout) { s1 in"))
        #expect(source.contains("out.write(s1.name)"))
        #expect(source.contains("out.write(layout.csrf)"))
        #expect(source.contains("#sourceLocation(file: \"list.mustache\", line: 3)"))
        #expect(source.contains("#sourceLocation(file: \"layout.mustache\", line: 1)"))
    }

    @Test func templatesWithoutAViewAreLeftAlone() throws {
        // `untyped` uses a key no locale has: only compiled pages are checked.
        #expect(try !compile().contains("untyped"))
    }

    @Test func missingTranslationIsAnErrorNamingTheLocale() {
        #expect(throws: TemplateError(file: "partials/top.mustache", line: 1, message: "{{t.menu}}: no key \"menu\" in locales/zh-Hans.json")) {
            try compile(locales: ["en": ["menu": "Menu"], "zh-Hans": [:]])
        }
    }

    @Test func unknownPartialIsAnError() {
        #expect(throws: TemplateError(file: "list.mustache", line: 3, message: "no template partials/gone.mustache")) {
            try compile(page: "{{! view: ListPage }}{{<layout}}\n{{$content}}\n{{> partials/gone}}\n{{/content}}\n{{/layout}}\n")
        }
    }

    @Test func dotOutsideASectionIsAnError() {
        #expect(throws: TemplateError.self) {
            try compile(page: "{{! view: ListPage }}{{<layout}}\n{{$content}}\n{{.}}\n{{/content}}\n{{/layout}}\n")
        }
    }
}
