import AtelierStore
@testable import AtelierWeb
import FastCGI
import TemplateRuntime
import XCTest

/// The compiled `/audit` and `/balances` print, byte for byte, what swift-mustache printed from
/// the same data, in every language, signed in and not, with text that needs escaping.
final class CompiledPagesTests: XCTestCase {
    private let csrf = "tok\"en&<1>"

    private func renderer() throws -> PageRenderer {
        try PageRenderer(templatesDirectory: TestPaths.templates, version: "9.9.9")
    }

    private func text(_ response: Response) -> String {
        guard case .bytes(let bytes) = response.body else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Both renders of `template` for `page`, compiled first.
    private func bothRenders(
        _ template: String, page: Any, title: String, path: String, language: Language, signedIn: Bool,
        compiled: (LayoutView, inout HTMLBuffer) -> Void
    ) throws -> (compiled: String, interpreted: String) {
        let renderer = try renderer()
        let viewer = signedIn
            ? ViewerView(name: "lead", displayName: "Lé <Lead> & 'co'", isLead: true, role: renderer.text("role_lead", in: language))
            : nil
        let layout = renderer.layout(title: title, language: language, path: path, role: signedIn ? .lead : nil, viewer: viewer, csrf: csrf)
        let fast = renderer.respond { compiled(layout, &$0) }
        var dictionary = InterpretedContext.dictionary(page)
        dictionary["title"] = title
        var extra: [String: Any] = ["csrf": csrf]
        if let viewer { extra["viewer"] = InterpretedContext.dictionary(viewer) }
        let slow = renderer.render(templateNamed: template, page: dictionary, language: language, path: path, role: signedIn ? .lead : nil, extra: extra)
        XCTAssertEqual(fast.headers["content-type"], slow.headers["content-type"])
        return (text(fast), text(slow))
    }

    private let auditPages = [
        AuditPage(action: "sign_in\"<x>", events: [
            AuditRow(at: "2026-12-07 10:00", actor: "Ann & <Bob>", action: "sign_in.failed", target: "'lead'", detail: "中文 \"quoted\"", address: "127.0.0.1", isFailure: true),
            AuditRow(at: "2026-12-07 10:01", actor: "lead", action: "member.added", target: "", detail: "", address: "", isFailure: false),
        ], isEmpty: false, older: "/audit?before=12&action=a%26b"),
        AuditPage(action: "", events: [], isEmpty: true, older: nil),
    ]

    func testAuditPageMatchesTheInterpretedRender() throws {
        for language in Language.allCases {
            for page in auditPages {
                for signedIn in [true, false] {
                    let (compiled, interpreted) = try bothRenders(
                        "audit", page: page, title: "Audit <log>", path: "/audit?action=a&b", language: language, signedIn: signedIn
                    ) { layout, out in CompiledTemplates.audit(page, layout: layout, locale: language.rawValue, into: &out) }
                    XCTAssertEqual(compiled, interpreted, "\(language) signedIn: \(signedIn)")
                    XCTAssertTrue(compiled.contains("<html lang=\"\(language.rawValue)\">"))
                    XCTAssertEqual(compiled.contains("Ann &amp; &lt;Bob&gt;"), !page.isEmpty)
                    XCTAssertEqual(compiled.contains("value=\"tok&quot;en&amp;&lt;1&gt;\""), signedIn)
                }
            }
        }
    }

    private var balancesPages: [BalancesPage] {
        let points = [BalanceStore.Point(time: 0, amount: 10), BalanceStore.Point(time: 3_600, amount: 4.5)]
        let withReading = BalanceRow(
            id: "7", name: "Relay <one>", isDemo: true, hasEndpoint: true, error: "HTTP 500 & \"bad\"", errorAt: "2026-12-07 09:00",
            hasReading: true, amount: "4.50", unit: "USD", readAt: "2026-12-07 10:00", used: "5.50", hasDaysLeft: true, daysLeft: "2.5",
            dailySpend: "1.80", isLow: true, threshold: "5.00", chart: BalanceChart(points: points, threshold: 5))
        let noReading = BalanceRow(
            id: "8", name: "Plain", isDemo: false, hasEndpoint: false, error: nil, errorAt: nil, hasReading: false, amount: nil, unit: nil,
            readAt: nil, used: nil, hasDaysLeft: false, daysLeft: nil, dailySpend: nil, isLow: false, threshold: nil, chart: nil)
        let unlimited = BalanceRow(
            id: "9", name: "Big", isDemo: false, hasEndpoint: true, error: nil, errorAt: nil, hasReading: true, amount: "unlimited",
            unit: "credits", readAt: "2026-12-07 10:02", used: nil, hasDaysLeft: false, daysLeft: nil, dailySpend: nil, isLow: false,
            threshold: nil, chart: BalanceChart(points: points, threshold: nil))
        return [
            BalancesPage(flash: "Refreshed <all>", problem: nil, warnings: ["Relay <one> is low: 4.50 USD", "二"], hasTotals: true,
                         totals: [BalanceTotal(amount: "4.50", unit: "USD"), BalanceTotal(amount: "1", unit: "元")],
                         providers: [withReading, noReading, unlimited]),
            BalancesPage(flash: nil, problem: "Something <went> wrong", warnings: [], hasTotals: false, totals: [], providers: []),
        ]
    }

    func testBalancesPageMatchesTheInterpretedRender() throws {
        for language in Language.allCases {
            for page in balancesPages {
                for signedIn in [true, false] {
                    let (compiled, interpreted) = try bothRenders(
                        "balances", page: page, title: "Balances", path: "/balances", language: language, signedIn: signedIn
                    ) { layout, out in CompiledTemplates.balances(page, layout: layout, locale: language.rawValue, into: &out) }
                    XCTAssertEqual(compiled, interpreted, "\(language) signedIn: \(signedIn)")
                    XCTAssertEqual(compiled.contains("<polyline points=\"0.0,"), !page.providers.isEmpty)
                }
            }
        }
        XCTAssertTrue(balancesPages[0].providers[0].chart?.hasThreshold == true)
    }
}
