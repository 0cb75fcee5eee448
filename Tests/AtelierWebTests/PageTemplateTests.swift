@testable import AtelierWeb
import Foundation
import XCTest

/// Every template under `Templates/` is compiled into the binary: each file is a page naming its
/// view, the layout, or a partial some page includes (a file nothing renders would be dead).
final class PageTemplateTests: XCTestCase {
    private func sources() throws -> [String: String] {
        let folder = TestPaths.templates
        var sources: [String: String] = [:]
        for file in try FileManager.default.subpathsOfDirectory(atPath: folder.path) where file.hasSuffix(".mustache") {
            sources[String(file.dropLast(".mustache".count))] = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        }
        return sources
    }

    private func firstLine(_ source: String) -> Substring { source.prefix(while: { $0 != "\n" }) }

    func testEveryTemplateFileIsAPageTheLayoutOrAPartialAPageIncludes() throws {
        let sources = try sources()
        let pages = sources.keys.filter { firstLine(sources[$0] ?? "").hasPrefix("{{! view:") }
        XCTAssertEqual(Set(pages), ["audit", "balances", "budgets", "provider", "providers", "usage", "studio", "chat",
                                    "home", "signin", "account", "members", "member", "error",
                                    "task", "tasks", "compare",
                                    "gallery", "gallery-asset", "gallery-collections", "gallery-delete", "gallery-storage"])
        let layouts = sources.keys.filter { firstLine(sources[$0] ?? "").hasPrefix("{{! layout:") }
        XCTAssertEqual(layouts, ["layout"])
        for page in pages { XCTAssertTrue(sources[page]?.contains("{{<layout}}") == true, "\(page) extends the layout") }
        // What pages reach: the layout and the partials they (and the partials) include.
        var reached = Set(layouts)
        var queue = pages + layouts
        while let name = queue.popLast() {
            for included in sources.keys where !reached.contains(included) && sources[name]?.contains("{{> \(included)}}") == true {
                reached.insert(included)
                queue.append(included)
            }
        }
        XCTAssertEqual(Set(sources.keys).subtracting(pages).subtracting(reached), [], "a template no page renders")
        XCTAssertEqual(reached.subtracting(layouts), ["partials/nav", "partials/flash", "partials/output", "partials/gallery-tile"])
    }
}
