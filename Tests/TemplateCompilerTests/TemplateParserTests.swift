import TemplateCompilerCore
import Testing

@Suite struct TemplateParserTests {
    @Test func variablesSectionsAndStandaloneLines() throws {
        let nodes = try TemplateParser.parse("<ul>\n  {{#rows}}\n  <li>{{name}}</li>\n  {{/rows}}\n</ul>{{{raw}}}{{& also}}", file: "t")
        #expect(nodes == [
            .text("<ul>\n"),
            .section(name: "rows", inverted: false, body: [.text("  <li>"), .variable(name: "name", escaped: true, line: 3), .text("</li>\n")], line: 2),
            .text("</ul>"),
            .variable(name: "raw", escaped: false, line: 5),
            .variable(name: "also", escaped: false, line: 5),
        ])
    }

    @Test func invertedCommentsAndPartials() throws {
        let nodes = try TemplateParser.parse("{{^items}}none{{/items}}\n{{! note }}\n{{> partials/nav}}\nend", file: "t")
        #expect(nodes == [
            .section(name: "items", inverted: true, body: [.text("none")], line: 1),
            .text("\n"),
            .comment(" note "),
            .partial(name: "partials/nav", line: 3),
            .text("end"),
        ])
    }

    @Test func layoutBlocksAndHeader() throws {
        let nodes = try TemplateParser.parse("{{! view: AuditPage }}{{<layout}}\n{{$content}}\n<h1>{{page.title}}</h1>\n{{/content}}\n{{/layout}}\n", file: "t")
        #expect(TemplateHeader.find(in: nodes) == .view(type: "AuditPage"))
        #expect(nodes.last == .parent(name: "layout", blocks: ["content": [.text("<h1>"), .variable(name: "page.title", escaped: true, line: 3), .text("</h1>\n")]], line: 1))
    }

    @Test func unclosedSectionNamesFileAndLine() {
        #expect(throws: TemplateError(file: "audit.mustache", line: 2, message: "{{rows}} opened at line 2 is never closed (expected {{/rows}})")) {
            try TemplateParser.parse("<p>\n{{#rows}}\n<li>\n", file: "audit.mustache")
        }
    }

    @Test func mismatchedCloseIsAnError() {
        #expect(throws: TemplateError.self) { try TemplateParser.parse("{{#a}}\n{{/b}}", file: "t") }
    }
}
