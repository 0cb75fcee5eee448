import AtelierStore
@testable import AtelierWeb
import FastCGI
import TemplateRuntime
import XCTest

/// The compiled lead pages (`/usage`, `/budgets`, `/providers`, `/providers/<id>`) show their
/// content escaped, in every language, signed in and not, with Chinese, empty lists and forms that
/// came back with errors.
final class CompiledLeadPagesTests: XCTestCase {
    private let csrf = "tok\"en&<1>"

    /// The compiled renders of `page` in every language, signed in and not, each checked for its
    /// status and the layout around it.
    @discardableResult
    private func compiledRenders<Page>(
        of page: Page, title: String, path: String, status: HTTPStatus = .ok,
        compiled: (Page, LayoutView, String, inout HTMLBuffer) -> Void, file: StaticString = #filePath, line: UInt = #line
    ) -> [String] {
        let renderer = PageRenderer(version: "9.9.9")
        var renders: [String] = []
        for language in Language.allCases {
            for signedIn in [true, false] {
                let viewer = signedIn
                    ? ViewerView(name: "lead", displayName: "Lé <Lead> & 'co'", isLead: true, role: renderer.text("role_lead", in: language))
                    : nil
                let role: Role? = signedIn ? .lead : nil
                let layout = renderer.layout(title: title, language: language, path: path, role: role, viewer: viewer, csrf: csrf)
                let response = renderer.respond(status: status) { compiled(page, layout, language.rawValue, &$0) }
                XCTAssertEqual(response.status, status, file: file, line: line)
                PageLayoutAssertions.assertLayout(response, title: title, language: language, renderer: renderer, file: file, line: line)
                renders.append(PageLayoutAssertions.html(of: response))
            }
        }
        return renders
    }

    // MARK: /usage

    private func usageLines(_ labels: [String]) -> [UsageLine] {
        labels.enumerated().map { UsageLine(label: $1, unit: $0 == 0 ? "USD" : "积分", amount: "0.0\($0 + 1)", entries: $0 + 2) }
    }

    func testUsagePageShowsItsContent() {
        let full = UsagePage(
            month: "2026-12", months: [UsageMonth(value: "2026-12", selected: true), UsageMonth(value: "2026-11", selected: false)],
            isEmpty: false, totals: usageLines(["", ""]), byMember: usageLines(["Ann & <Bob>", "中文成员"]),
            byProvider: usageLines(["Relay \"one\""]), byModel: usageLines(["=cmd|' /C calc'!A0", "<script>"]), byDay: usageLines(["2026-12-07"]))
        let renders = compiledRenders(of: full, title: "Usage <all>", path: "/usage?month=2026-12") {
            CompiledTemplates.usage($0, layout: $1, locale: $2, into: &$3)
        }
        XCTAssertTrue(renders.allSatisfy { $0.contains("<td translate=\"no\">Ann &amp; &lt;Bob&gt;</td>") && $0.contains("<option value=\"2026-12\" selected>") })
        let empty = UsagePage(month: "2001-01", months: [UsageMonth(value: "2001-01", selected: true)], isEmpty: true,
                              totals: [], byMember: [], byProvider: [], byModel: [], byDay: [])
        let emptyRenders = compiledRenders(of: empty, title: "Usage", path: "/usage") {
            CompiledTemplates.usage($0, layout: $1, locale: $2, into: &$3)
        }
        XCTAssertTrue(emptyRenders.allSatisfy { !$0.contains("<table") })
    }

    // MARK: /budgets

    func testBudgetsPageShowsItsContent() {
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
            let renders = compiledRenders(of: page, title: "Budgets", path: "/budgets?page=2",
                                                     status: page.form.errors.monthly_limit.isEmpty ? .ok : .unprocessableContent) {
                CompiledTemplates.budgets($0, layout: $1, locale: $2, into: &$3)
            }
            for html in renders {
                XCTAssertEqual(html.contains(#"value="&lt;lots&gt; &quot;of&quot; &amp; &#39;more&#39;""#), !page.form.errors.monthly_limit.isEmpty)
                XCTAssertEqual(html.contains(#"<p class="field-error">给一个数字 &lt;0&gt;</p>"#), !page.form.errors.monthly_limit.isEmpty)
                XCTAssertEqual(html.contains(#"<nav class="pager">"#), page.pager.isPaged)
            }
        }
    }

    // MARK: /providers and /providers/<id>

    private let options = [SelectOption(value: "", label: "/mj", selected: false),
                           SelectOption(value: "mj-relax", label: "中文 <relax> & \"co\"", selected: true)]

    /// A provider form that came back: every field typed with text needing escaping, a message on each.
    private var failedProviderForm: ProviderFormView {
        var state = FormState(values: ["name": "<img src=x onerror=alert(1)>", "base_url": "relay'x\"", "auth_header": "h&h",
                                       "warning_threshold": "ten", "dashboard_user_id": "12<3"])
        for field in ["preset", "name", "base_url", "auth_kind", "auth_header", "midjourney_mode", "warning_threshold", "dashboard_user_id"] {
            state.errors[field] = "\(field): <wrong> & 错误"
        }
        return ProviderFormView(state)
    }

    func testProvidersPageShowsItsContent() {
        let rows = [
            ProviderRow(id: 1, name: "Relay <b>&", baseURL: "https://r.example/?a=1&b=\"2\"", isDemo: true, preset: "Custom", masks: "sk-…1111, sk-…2222",
                        hasNoKey: false),
            ProviderRow(id: 2, name: "中文", baseURL: "http://127.0.0.1:1", isDemo: false, preset: "KFC V50", masks: "", hasNoKey: true),
        ]
        let presets = [PresetChoice(value: "kfc-v50", label: "KFC <V50>", baseURL: "https://kfc.example/?x&y", hasBaseURL: true, selected: false),
                       PresetChoice(value: "custom", label: "自定义", baseURL: "", hasBaseURL: false, selected: true)]
        let pages = [
            ProvidersPage(flash: "Provider <removed>", problem: nil, reminders: ["Key <main> of 中文 expires on 2026-12-20", "二"], providers: rows,
                          form: failedProviderForm, presets: presets, modes: options, auths: options),
            ProvidersPage(flash: nil, problem: "Went & wrong", reminders: [], providers: [], form: ProviderFormView(FormState()), presets: [],
                          modes: [], auths: []),
        ]
        for page in pages {
            let failed = !page.form.errors.name.isEmpty
            let renders = compiledRenders(of: page, title: "Providers", path: "/providers",
                                                     status: failed ? .unprocessableContent : .ok) {
                CompiledTemplates.providers($0, layout: $1, locale: $2, into: &$3)
            }
            for html in renders {
                XCTAssertEqual(html.contains(#"value="&lt;img src=x onerror=alert(1)&gt;""#), failed)
                XCTAssertEqual(html.contains(#"<p class="field-error">dashboard_user_id: &lt;wrong&gt; &amp; 错误</p>"#), failed)
                XCTAssertEqual(html.contains(#"<span class="badge warn">"#), failed, "a provider without a key is marked")
            }
        }
    }

    private func providerView(needsPair: Bool, failed: Bool, test: ConnectionTestBanner?, withLines: Bool) -> ProviderView {
        let facts = ProviderFacts(id: 7, name: "Relay <b>&", isDemo: !needsPair, baseURL: "https://r.example/?a&b", preset: "Custom \"x\"",
                                  isCustom: !needsPair, families: "OpenAI, 中文", needsPair: needsPair, hasDashboardToken: !needsPair,
                                  auth: "Header (x-key)")
        let keys = [
            KeyRow(id: 3, label: "main <k>", mask: "sk-…1111", status: "active", isActive: true, spent: "0.58", unit: "USD", expiresOn: "2026-12-20",
                   needsReminder: true, createdAt: "2026-12-07 17:27 UTC"),
            KeyRow(id: 4, label: "旧", mask: "sk-…2222", status: "revoked & gone", isActive: false, spent: "0", unit: "", expiresOn: "",
                   needsReminder: false, createdAt: "2026-12-07 17:28 UTC"),
        ]
        var keyState = FormState(values: ["label": "<l>", "expires_on": "2027-13-01"])
        var priceState = FormState(values: ["unit": "<<", "model": "m<>\"", "amount": "nan", "route": "chat", "basis": "call"])
        if failed {
            for field in ["label", "secret", "pair_secret", "expires_on"] { keyState.errors[field] = "\(field) <bad> 错" }
            for field in ["unit", "route", "model", "basis", "amount"] { priceState.errors[field] = "\(field) & <bad>" }
        } else {
            keyState = FormState()
            priceState = FormState(values: ["unit": "points"])
        }
        let bases = [SelectOption(value: "call", label: "per call", selected: true), SelectOption(value: "1k_tokens", label: "每千 token", selected: false)]
        let lines = [
            PriceLine(route: "chat", routeLabel: "Chat <x>", model: "gpt<4>", modelLabel: "gpt<4>", amount: "2.5", basis: "per call",
                      note: "set by \"lead\" & co", bases: bases),
            PriceLine(route: "mx-drawing", routeLabel: "MX drawing", model: "", modelLabel: "any model", amount: "1", basis: "image", note: "",
                      bases: []),
        ]
        let prices = PriceTableView(
            unit: "points & <pts>", isDefaults: !withLines, lines: withLines ? lines : [], hasLines: withLines,
            unpriced: withLines ? [UnpricedRoute(label: "Img <Open>"), UnpricedRoute(label: "中文路由")] : [], hasUnpriced: withLines,
            routes: [SelectOption(value: "chat", label: "Chat", selected: true), SelectOption(value: "mj-imagine", label: "<MJ>", selected: false)],
            bases: bases, form: PriceFormView(priceState), canImport: withLines, problem: failed ? "Import failed: <none> & 无" : nil)
        return ProviderView(
            flash: failed ? nil : "Key <added>", problem: failed ? "Rotate failed: a b <c>" : nil, provider: facts,
            settings: failed ? failedProviderForm : ProviderFormView(FormState(values: ["name": "Relay <b>&", "base_url": "https://r.example/?a&b"])),
            modes: options, auths: options, keys: withLines ? keys : [], hasKeys: withLines, keyForm: KeyFormView(keyState), test: test,
            prices: prices)
    }

    func testProviderPageShowsItsContent() {
        let pages = [
            providerView(needsPair: false, failed: false, test: nil, withLines: true),
            providerView(needsPair: true, failed: true, test: ConnectionTestBanner(tone: "problem", message: "Connection failed: <x> & \"y\" (3 ms)"),
                         withLines: true),
            providerView(needsPair: true, failed: false, test: ConnectionTestBanner(tone: "banner", message: "无法测试"), withLines: false),
            providerView(needsPair: false, failed: true, test: nil, withLines: false),
        ]
        for page in pages {
            let failed = page.problem != nil
            let renders = compiledRenders(of: page, title: "Relay <b>&", path: "/providers/7",
                                                     status: failed ? .unprocessableContent : .ok) {
                CompiledTemplates.provider($0, layout: $1, locale: $2, into: &$3)
            }
            for html in renders {
                XCTAssertEqual(html.contains(#"<p class="problem" role="alert">Import failed: &lt;none&gt; &amp; 无</p>"#), failed)
                XCTAssertEqual(html.contains(#"<p class="field-error">amount &amp; &lt;bad&gt;</p>"#), failed)
                XCTAssertEqual(html.contains(#"<p class="field-error">pair_secret &lt;bad&gt; 错</p>"#), failed && page.provider.needsPair)
                XCTAssertEqual(html.contains(#"name="pair_secret""#), page.provider.needsPair)
                XCTAssertEqual(html.contains("/providers/7/keys/3/rotate"), page.hasKeys)
                XCTAssertEqual(html.contains(#"<option value="1k_tokens">每千 token</option>"#), true)
                XCTAssertEqual(html.contains(#"<p class="problem" role="status">Connection failed: &lt;x&gt; &amp; &quot;y&quot; (3 ms)</p>"#),
                               page.test?.tone == "problem")
                XCTAssertEqual(html.contains(#"<p class="banner" role="status">无法测试</p>"#), page.test?.tone == "banner")
                XCTAssertTrue(html.contains(#"action="/providers/7/prices/unit""#))
            }
        }
    }
}
