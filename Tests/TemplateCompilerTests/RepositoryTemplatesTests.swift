import Foundation
import TemplateCompilerCore
import Testing

/// Every template under `Templates/` parses, so converting a page later needs no parser work.
@Suite struct RepositoryTemplatesTests {
    private let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Templates")

    @Test func everyTemplateParses() throws {
        let files = try #require(FileManager.default.enumerator(atPath: directory.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".mustache") }
        #expect(files.count > 10)
        for file in files {
            let source = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            #expect(throws: Never.self, "\(file)") { try TemplateParser.parse(source, file: file) }
        }
    }

    /// Every page compiles as it is: its names are Swift names and it uses no syntax the compiler
    /// lacks (a template without a view header is given one).
    @Test func everyPageGeneratesSwift() throws {
        var templates: [String: (source: String, path: String)] = [:]
        for file in try #require(FileManager.default.enumerator(atPath: directory.path)).compactMap({ $0 as? String })
        where file.hasSuffix(".mustache") {
            let name = String(file.dropLast(".mustache".count))
            var source = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            if source.contains("{{<layout}}"), !source.hasPrefix("{{! view:") { source = "{{! view: Page }}" + source }
            templates[name] = (source, file)
        }
        var locales: [String: [String: String]] = [:]
        for code in ["en", "zh-Hans"] {
            let data = try Data(contentsOf: directory.appendingPathComponent("locales/\(code).json"))
            locales[code] = try JSONDecoder().decode([String: String].self, from: data)
        }
        let source = try TemplateCompilation(templates: templates, locales: locales, defaultLocale: "en").swiftSource(enumName: "Pages")
        #expect(source.contains("static func tasks("))
    }
}
