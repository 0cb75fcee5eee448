import AtelierStore
@testable import AtelierWeb
import FastCGI
import TemplateRuntime
import XCTest

/// The compiled home, sign-in, account, members, member and error pages show their content
/// escaped, in every language, signed in and not, with Chinese, empty lists and forms with errors.
final class CompiledTeamPagesTests: XCTestCase {
    private let csrf = "tok\"en&<1>"

    /// The compiled render of a page (as a 422), checked for the layout around it.
    private func render(
        title: String, path: String, language: Language, signedIn: Bool,
        file: StaticString = #filePath, line: UInt = #line, compiled: (LayoutView, inout HTMLBuffer) -> Void
    ) -> String {
        let renderer = PageRenderer(version: "9.9.9")
        let viewer = signedIn
            ? ViewerView(name: "lead", displayName: "Lé <Lead> & 'co'", isLead: true, role: renderer.text("role_lead", in: language))
            : nil
        let layout = renderer.layout(title: title, language: language, path: path, role: signedIn ? .lead : nil, viewer: viewer, csrf: csrf)
        let response = renderer.respond(status: .unprocessableContent) { compiled(layout, &$0) }
        XCTAssertEqual(response.status, .unprocessableContent, file: file, line: line)
        PageLayoutAssertions.assertLayout(response, title: title, language: language, renderer: renderer, file: file, line: line)
        return PageLayoutAssertions.html(of: response)
    }

    /// A form with what was typed (escaping, Chinese) and a message beside `errorFields`.
    private func form(_ values: [String: String], errorFields: [String]) -> FormState {
        var state = FormState(values: values)
        for field in errorFields { state.errors[field] = "Bad <\(field)> & \"还不行\"" }
        return state
    }

    func testFormViewReadsValuesAndErrorsByField() {
        var state = FormState(values: ["name": "ann", "next": "/tasks"])
        state.errors["name"] = "Taken."
        let view = FormView<SignInFields>(state)
        XCTAssertEqual(view.values.name, "ann")
        XCTAssertEqual(view.values.next, "/tasks")
        XCTAssertEqual(view.values.password, "")
        XCTAssertEqual(view.errors.name, ["Taken."])
        XCTAssertEqual(view.errors.password, [])
        XCTAssertTrue(view.hasErrors)
        XCTAssertFalse(FormView<SignInFields>(FormState()).hasErrors)
    }

    func testHomePageShowsItsContent() {
        let pages = [
            HomePage(alerts: [HomeAlert(text: "Relay <one> & \"two\" is low", href: "/providers/7?a=1&b=2"),
                              HomeAlert(text: "密钥即将过期", href: "/balances")], signedIn: true),
            HomePage(alerts: [], signedIn: true),
            HomePage(alerts: [], signedIn: false),
        ]
        for language in Language.allCases {
            for page in pages {
                let html = render(title: "Home", path: "/", language: language, signedIn: page.signedIn) {
                    CompiledTemplates.home(page, layout: $0, locale: language.rawValue, into: &$1)
                }
                XCTAssertEqual(html.contains("Relay &lt;one&gt; &amp; &quot;two&quot; is low"), !page.alerts.isEmpty)
                XCTAssertEqual(html.contains("class=\"button\" href=\"/signin\""), !page.signedIn)
            }
        }
    }

    func testSignInPageShowsItsContent() {
        let forms = [
            form(["name": "", "next": "/"], errorFields: []),
            form(["name": "Ann \"<b>\" 中文", "next": "/tasks?scope=team&x=<1>"], errorFields: ["password"]),
        ]
        for language in Language.allCases {
            for state in forms {
                for message in [nil, "Wait 30 s <now> & retry"] {
                    let page = SignInPage(form: FormView(state), message: message)
                    let html = render(title: "Sign in", path: "/signin",
                                                     language: language, signedIn: false) {
                        CompiledTemplates.signin(page, layout: $0, locale: language.rawValue, into: &$1)
                    }
                    XCTAssertEqual(html.contains("Bad &lt;password&gt;"), state.hasErrors)
                    XCTAssertEqual(html.contains("Wait 30 s &lt;now&gt;"), message != nil)
                    XCTAssertTrue(html.contains("value=\"tok&quot;en&amp;&lt;1&gt;\""))
                }
            }
        }
    }

    func testAccountPageShowsItsContent() {
        let facts = AccountFacts(name: "lead", displayName: "Lé <Lead>", role: "负责人", passwordChangedAt: "2026-12-07 10:00",
                                 sessionExpiresAt: "2026-12-21 10:00")
        let forms = [FormState(), form([:], errorFields: ["current_password", "new_password", "confirm_password"])]
        for language in Language.allCases {
            for state in forms {
                for flash in [nil, "Password changed & <kept>"] {
                    let page = AccountPage(flash: flash, problem: nil, member: facts, form: FormView(state), minimumPassword: 12)
                    let html = render(title: "Account", path: "/account",
                                                     language: language, signedIn: true) {
                        CompiledTemplates.account(page, layout: $0, locale: language.rawValue, into: &$1)
                    }
                    XCTAssertEqual(html.contains("Bad &lt;confirm_password&gt;"), state.hasErrors)
                    XCTAssertEqual(html.contains("<p class=\"flash\" role=\"status\">Password changed &amp; &lt;kept&gt;</p>"), flash != nil)
                    XCTAssertTrue(html.contains("minlength=\"12\""))
                }
            }
        }
    }

    private func roles(selected: String) -> [RoleChoice] {
        [("lead", "负责人 <L>"), ("member", "Member"), ("viewer", "Viewer & co")].map {
            RoleChoice(value: $0.0, label: $0.1, selected: $0.0 == selected)
        }
    }

    func testMembersPageShowsItsContent() {
        let rows = [
            MemberRow(id: "1", displayName: "Ann & <Bob>", subtitle: "ann · since 2026-12-07 10:00", roleLabel: "Lead",
                      isDisabled: false, statusClass: "ok", statusLabel: "Active"),
            MemberRow(id: "2", displayName: "小明", subtitle: "xm · 加入于 2026-12-07", roleLabel: "成员",
                      isDisabled: true, statusClass: "warn", statusLabel: "已停用 \"x\""),
        ]
        let forms = [
            FormState(values: ["role": "member"]),
            form(["name": "a<b", "display_name": "Ann \"the\" 中", "role": "boss"], errorFields: ["name", "display_name", "role", "password"]),
        ]
        for language in Language.allCases {
            for state in forms {
                for members in [rows, []] {
                    let page = MembersPage(flash: members.isEmpty ? "Added <x>" : nil, problem: nil, members: members, form: FormView(state),
                                           roles: roles(selected: state.values["role"] ?? "member"), minimumPassword: 12)
                    let html = render(title: "Members", path: "/members",
                                                     language: language, signedIn: true) {
                        CompiledTemplates.members(page, layout: $0, locale: language.rawValue, into: &$1)
                    }
                    XCTAssertEqual(html.contains("<strong translate=\"no\">Ann &amp; &lt;Bob&gt;</strong>"), !members.isEmpty)
                    XCTAssertEqual(html.contains("value=\"Ann &quot;the&quot; 中\""), state.hasErrors)
                    XCTAssertEqual(html.contains("<option value=\"member\" selected>"), !state.hasErrors)
                }
            }
        }
    }

    func testMemberPageShowsItsContent() {
        for language in Language.allCases {
            for isYou in [true, false] {
                for problem in [nil, "The last lead <stays> & \"cannot\" go"] {
                    let details = MemberDetails(
                        id: "7", name: "ann<", displayName: "Ann & <Bob> 中", roleLabel: "Member", statusClass: "warn",
                        statusLabel: "Disabled", createdAt: "2026-12-07 10:00", isYou: isYou, toggleAction: "enable",
                        toggleLabel: "Enable \"her\"", roles: roles(selected: "member"))
                    let page = MemberPage(flash: problem == nil ? "Changed <ok>" : nil, problem: problem, member: details, minimumPassword: 12)
                    let html = render(title: details.displayName, path: "/members/7",
                                                     language: language, signedIn: true) {
                        CompiledTemplates.member(page, layout: $0, locale: language.rawValue, into: &$1)
                    }
                    XCTAssertTrue(html.contains("<h1 translate=\"no\">Ann &amp; &lt;Bob&gt; 中</h1>"))
                    XCTAssertEqual(html.contains("formaction=\"/members/7/enable\""), !isYou)
                    XCTAssertEqual(html.contains("The last lead &lt;stays&gt;"), problem != nil)
                }
            }
        }
    }

    func testErrorPageShowsItsContent() {
        let pages = [
            ErrorPage(status: 404, title: "Not found", message: "Nothing <here> & \"there\"", detail: nil, isServerError: false),
            ErrorPage(status: 400, title: "错误的请求", message: "字段无效", detail: "na<me>", isServerError: false),
            ErrorPage(status: 500, title: "Server error", message: "Something failed", detail: "ab12cd34", isServerError: true),
        ]
        for language in Language.allCases {
            for page in pages {
                for signedIn in [true, false] {
                    let html = render(title: page.title, path: "/", language: language, signedIn: signedIn) {
                        CompiledTemplates.error(page, layout: $0, locale: language.rawValue, into: &$1)
                    }
                    XCTAssertTrue(html.contains("<p class=\"status-code\">\(page.status)</p>"))
                    XCTAssertEqual(html.contains("<code>na&lt;me&gt;</code>"), page.status == 400)
                    XCTAssertEqual(html.contains("Lé &lt;Lead&gt;"), signedIn)
                }
            }
        }
    }
}
