@testable import AtelierWeb
import Foundation
import XCTest

/// The layout and partials are checked at start-up (`requiredTemplates`); every page is compiled.
final class PageTemplateTests: XCTestCase {
    /// A copy of Templates/ without `name`.
    private func templates(without name: String) throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-templates-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestPaths.templates, to: copy)
        try FileManager.default.removeItem(at: copy.appendingPathComponent(name + ".mustache"))
        return copy
    }

    func testAMissingTemplateOfAnyRenderedPageStopsStartUp() throws {
        for name in ["layout", "partials/output", "partials/flash"] {
            let folder = try templates(without: name)
            defer { try? FileManager.default.removeItem(at: folder) }
            XCTAssertThrowsError(try PageRenderer(templatesDirectory: folder, version: "test"), name) { error in
                XCTAssertEqual("\(error)", "template \(name).mustache missing in \(folder.path)")
            }
        }
    }

    func testEveryTemplateFileIsAPageOrSharedByPages() throws {
        let folder = TestPaths.templates
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(".mustache".count)) }
        // Pages compiled at build time name their view on their first line (`{{! view: … }}`).
        let compiled = try files.filter { name in
            let source = try String(contentsOf: folder.appendingPathComponent(name + ".mustache"), encoding: .utf8)
            return source.prefix(while: { $0 != "\n" }).contains("{{! view:")
        }
        XCTAssertEqual(Set(compiled), ["audit", "balances", "budgets", "provider", "providers", "usage", "studio", "chat",
                                       "home", "signin", "account", "members", "member", "error",
                                       "task", "tasks", "compare"])
        XCTAssertEqual(Set(files).subtracting(compiled), Set(PageRenderer.requiredTemplates),
                       "a template no page renders, or a page without its file")
    }
}
