import Foundation
import TemplateCompilerCore
import Testing

/// The generated Swift type-checks against real view types, and a template naming a field its
/// view lacks fails to compile with the template's file and line (runs `swiftc -typecheck`).
@Suite struct GeneratedCodeTypeCheckTests {
    private let runtime = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/TemplateRuntime")

    private let views = """
    struct Shell { let title: String; let csrf: String; let viewer: Viewer? }
    struct Viewer { let name: String }
    struct ListPage { let rows: [Row]; let flash: String?; let isEmpty: Bool }
    struct Row { let name: String; let count: Int; let isDone: Bool; let note: String? }
    """

    private let layout = "{{! layout: Shell title csrf viewer }}<title>{{title}}</title>{{#viewer}}{{name}}{{/viewer}}\n{{$content}}{{/content}}\n"

    /// The compiler's output for `page`, type-checked with the runtime in one module; swiftc's output and status.
    private func typeCheck(page: String) throws -> (status: Int32, output: String) {
        let source = try TemplateCompilation(
            templates: ["layout": (layout, "layout.mustache"), "list": (page, "list.mustache")],
            locales: ["en": [:]], defaultLocale: "en"
        ).swiftSource(enumName: "Pages")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("typecheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // One module named like the runtime, so `TemplateRuntime.section` resolves without building a library.
        let generated = source.replacingOccurrences(of: "import TemplateRuntime\n", with: "")
        try generated.write(to: folder.appendingPathComponent("Pages.swift"), atomically: true, encoding: .utf8)
        try views.write(to: folder.appendingPathComponent("Views.swift"), atomically: true, encoding: .utf8)
        let runtimeFiles = try FileManager.default.contentsOfDirectory(atPath: runtime.path).filter { $0.hasSuffix(".swift") }
            .map { runtime.appendingPathComponent($0).path }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swiftc", "-typecheck", "-swift-version", "6", "-module-name", "TemplateRuntime",
                             folder.appendingPathComponent("Pages.swift").path, folder.appendingPathComponent("Views.swift").path] + runtimeFiles
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    private func page(_ content: String) -> String {
        "{{! view: ListPage }}{{<layout}}\n{{$content}}\n\(content)\n{{/content}}\n{{/layout}}\n"
    }

    @Test func sectionsOverArraysOptionalsAndBooleansTypeCheck() throws {
        let result = try typeCheck(page: page("""
        {{#page.flash}}<p>{{.}}</p>{{/page.flash}}
        {{#page.isEmpty}}none{{/page.isEmpty}}{{^page.isEmpty}}<ul>
        {{#page.rows}}<li>{{name}} {{count}}{{#isDone}} {{name}} {{csrf}}{{/isDone}}{{#note}}{{.}}{{/note}}{{^note}}-{{/note}}</li>{{/page.rows}}
        </ul>{{/page.isEmpty}}
        """))
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func aFieldTheViewLacksFailsToCompileAtTheTemplateLine() throws {
        let result = try typeCheck(page: page("{{#page.rows}}\n<li>{{title}} {{missing}}</li>\n{{/page.rows}}"))
        #expect(result.status != 0)
        #expect(result.output.contains("list.mustache:4"), "\(result.output)")
        #expect(result.output.contains("value of type 'Row' has no member 'missing'"), "\(result.output)")
    }
}
