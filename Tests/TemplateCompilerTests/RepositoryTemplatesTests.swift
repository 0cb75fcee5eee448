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
}
