import AtelierStore
@testable import AtelierWeb
import TemplateRuntime
import XCTest

/// The compiled `/audit` and `/balances` show their content escaped, in every language, signed in
/// and not.
final class CompiledPagesTests: XCTestCase {
    private let csrf = "tok\"en&<1>"

    /// The compiled render of a page, checked for the layout around it.
    private func render(
        page: Any, title: String, path: String, language: Language, signedIn: Bool,
        compiled: (LayoutView, inout HTMLBuffer) -> Void
    ) -> String {
        let renderer = PageRenderer(version: "9.9.9")
        let viewer = signedIn
            ? ViewerView(name: "lead", displayName: "Lé <Lead> & 'co'", isLead: true, role: renderer.text("role_lead", in: language))
            : nil
        let layout = renderer.layout(title: title, language: language, path: path, role: signedIn ? .lead : nil, viewer: viewer, csrf: csrf)
        let response = renderer.respond { compiled(layout, &$0) }
        PageLayoutAssertions.assertLayout(response, title: title, language: language, renderer: renderer)
        let html = PageLayoutAssertions.html(of: response)
        XCTAssertEqual(html.contains("Lé &lt;Lead&gt; &amp; &#39;co&#39;"), signedIn)
        return html
    }

    private let auditPages = [
        AuditPage(action: "sign_in\"<x>", events: [
            AuditRow(at: "2026-12-07 10:00", actor: "Ann & <Bob>", action: "sign_in.failed", target: "'lead'", detail: "中文 \"quoted\"", address: "127.0.0.1", isFailure: true),
            AuditRow(at: "2026-12-07 10:01", actor: "lead", action: "member.added", target: "", detail: "", address: "", isFailure: false),
        ], isEmpty: false, older: "/audit?before=12&action=a%26b"),
        AuditPage(action: "", events: [], isEmpty: true, older: nil),
    ]

    func testAuditPageShowsItsContent() {
        for language in Language.allCases {
            for page in auditPages {
                for signedIn in [true, false] {
                    let compiled = render(
                        page: page, title: "Audit <log>", path: "/audit?action=a&b", language: language, signedIn: signedIn
                    ) { layout, out in CompiledTemplates.audit(page, layout: layout, locale: language.rawValue, into: &out) }
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

    func testBalancesPageShowsItsContent() {
        for language in Language.allCases {
            for page in balancesPages {
                for signedIn in [true, false] {
                    let compiled = render(
                        page: page, title: "Balances", path: "/balances", language: language, signedIn: signedIn
                    ) { layout, out in CompiledTemplates.balances(page, layout: layout, locale: language.rawValue, into: &out) }
                    XCTAssertEqual(compiled.contains("<polyline points=\"0.0,"), !page.providers.isEmpty)
                    XCTAssertEqual(compiled.contains("Relay &lt;one&gt;"), !page.providers.isEmpty)
                    XCTAssertEqual(compiled.contains("HTTP 500 &amp; &quot;bad&quot;"), !page.providers.isEmpty)
                    XCTAssertEqual(compiled.contains("<p class=\"flash\" role=\"status\">Refreshed &lt;all&gt;</p>"), page.flash != nil)
                    XCTAssertEqual(compiled.contains("<p class=\"problem\" role=\"alert\">Something &lt;went&gt; wrong</p>"), page.problem != nil)
                }
            }
        }
        XCTAssertTrue(balancesPages[0].providers[0].chart?.hasThreshold == true)
    }
}
