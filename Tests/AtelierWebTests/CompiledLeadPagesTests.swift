import AtelierStore
@testable import AtelierWeb
import FastCGI
import TemplateRuntime
import XCTest

/// The compiled lead pages (`/usage`, `/budgets`, `/providers`, `/providers/<id>`) print, byte for
/// byte, what swift-mustache prints from the same data, in every language, signed in and not, with
/// text that needs escaping, Chinese, empty lists and forms that came back with errors.
final class CompiledLeadPagesTests: XCTestCase {
    private let csrf = "tok\"en&<1>"

    private func text(_ response: Response) -> String {
        guard case .bytes(let bytes) = response.body else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Asserts that the compiled render of `template` for `page` equals the interpreted one, in
    /// every language, signed in and not; returns the compiled renders.
    @discardableResult
    private func assertBothRendersMatch<Page>(
        _ template: String, page: Page, title: String, path: String, status: HTTPStatus = .ok,
        compiled: (Page, LayoutView, String, inout HTMLBuffer) -> Void, file: StaticString = #filePath, line: UInt = #line
    ) throws -> [String] {
        let renderer = try PageRenderer(templatesDirectory: TestPaths.templates, version: "9.9.9")
        var renders: [String] = []
        for language in Language.allCases {
            for signedIn in [true, false] {
                let viewer = signedIn
                    ? ViewerView(name: "lead", displayName: "Lé <Lead> & 'co'", isLead: true, role: renderer.text("role_lead", in: language))
                    : nil
                let role: Role? = signedIn ? .lead : nil
                let layout = renderer.layout(title: title, language: language, path: path, role: role, viewer: viewer, csrf: csrf)
                let fast = renderer.respond(status: status) { compiled(page, layout, language.rawValue, &$0) }
                var dictionary = InterpretedContext.dictionary(page)
                dictionary["title"] = title
                var extra: [String: Any] = ["csrf": csrf]
                if let viewer { extra["viewer"] = InterpretedContext.dictionary(viewer) }
                let slow = renderer.render(templateNamed: template, page: dictionary, language: language, path: path, role: role,
                                           extra: extra, status: status)
                XCTAssertEqual(fast.status, slow.status, file: file, line: line)
                XCTAssertEqual(fast.headers["content-type"], slow.headers["content-type"], file: file, line: line)
                XCTAssertEqual(text(fast), text(slow), "\(template) \(language) signedIn: \(signedIn)", file: file, line: line)
                renders.append(text(fast))
            }
        }
        return renders
    }

    // MARK: /usage

    private func usageLines(_ labels: [String]) -> [UsageLine] {
        labels.enumerated().map { UsageLine(label: $1, unit: $0 == 0 ? "USD" : "积分", amount: "0.0\($0 + 1)", entries: $0 + 2) }
    }

    func testUsagePageMatchesTheInterpretedRender() throws {
        let full = UsagePage(
            month: "2026-12", months: [UsageMonth(value: "2026-12", selected: true), UsageMonth(value: "2026-11", selected: false)],
            isEmpty: false, totals: usageLines(["", ""]), byMember: usageLines(["Ann & <Bob>", "中文成员"]),
            byProvider: usageLines(["Relay \"one\""]), byModel: usageLines(["=cmd|' /C calc'!A0", "<script>"]), byDay: usageLines(["2026-12-07"]))
        let renders = try assertBothRendersMatch("usage", page: full, title: "Usage <all>", path: "/usage?month=2026-12") {
            CompiledTemplates.usage($0, layout: $1, locale: $2, into: &$3)
        }
        XCTAssertTrue(renders.allSatisfy { $0.contains("<td>Ann &amp; &lt;Bob&gt;</td>") && $0.contains("<option value=\"2026-12\" selected>") })
        let empty = UsagePage(month: "2001-01", months: [UsageMonth(value: "2001-01", selected: true)], isEmpty: true,
                              totals: [], byMember: [], byProvider: [], byModel: [], byDay: [])
        let emptyRenders = try assertBothRendersMatch("usage", page: empty, title: "Usage", path: "/usage") {
            CompiledTemplates.usage($0, layout: $1, locale: $2, into: &$3)
        }
        XCTAssertTrue(emptyRenders.allSatisfy { !$0.contains("<table") })
    }

    // MARK: /budgets

    func testBudgetsPageMatchesTheInterpretedRender() throws {
        var failed = FormState(values: ["member": "2", "provider": "x", "monthly_limit": "<lots> \"of\" & 'more'"])
        failed.errors = ["provider": "Choose one of the offered values.", "monthly_limit": "给一个数字 <0>"]
        let rows = [
            BudgetRow(member: "Ann & <Bob>", provider: "中文", limit: "0.5", spent: "0.58", remaining: "-0.08", share: 100, isOver: true,
                      unpriced: "2 entries without a price"),
            BudgetRow(member: "lead", provider: "Relay \"x\"", limit: "10", spent: "1", remaining: "9", share: 10, isOver: false, unpriced: ""),
        ]
        let choices = [BudgetChoice(id: 1, name: "Lead <1>", selected: false), BudgetChoice(id: 2, name: "艾达", selected: true)]
        let pages = [
            BudgetsPage(flash: "Budget <set>", problem: nil,
                        pager: PagerView(range: "51–100 of 135", previous: "/budgets?page=1", next: "/budgets?page=3", isPaged: true),
                        month: "2026-12", budgets: rows, isEmpty: false, form: BudgetForm(failed), members: choices, providers: choices),
            BudgetsPage(flash: nil, problem: "Something & wrong", pager: PagerView(range: "1–2 of 2", previous: nil, next: nil, isPaged: false),
                        month: "2026-12", budgets: rows, isEmpty: false, form: BudgetForm(FormState()), members: choices, providers: []),
            BudgetsPage(flash: nil, problem: nil, pager: PagerView(range: nil, previous: nil, next: nil, isPaged: false), month: "2026-12",
                        budgets: [], isEmpty: true, form: BudgetForm(FormState()), members: [], providers: []),
        ]
        for page in pages {
            let renders = try assertBothRendersMatch("budgets", page: page, title: "Budgets", path: "/budgets?page=2",
                                                     status: page.form.monthlyLimitErrors.isEmpty ? .ok : .unprocessableContent) {
                CompiledTemplates.budgets($0, layout: $1, locale: $2, into: &$3)
            }
            for html in renders {
                XCTAssertEqual(html.contains(#"value="&lt;lots&gt; &quot;of&quot; &amp; &#39;more&#39;""#), !page.form.monthlyLimitErrors.isEmpty)
                XCTAssertEqual(html.contains(#"<p class="field-error">给一个数字 &lt;0&gt;</p>"#), !page.form.monthlyLimitErrors.isEmpty)
                XCTAssertEqual(html.contains(#"<nav class="pager">"#), page.pager.isPaged)
            }
        }
    }
}
