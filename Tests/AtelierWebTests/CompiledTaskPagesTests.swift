@testable import AtelierWeb
import Foundation
import FastCGI
import TemplateRuntime
import XCTest

/// The compiled task list, task page and compare page show their content escaped, in both
/// languages, with Chinese, empty lists and every task state.
final class CompiledTaskPagesTests: XCTestCase {
    private let csrf = "tok\"en&<1>"

    /// The compiled render of a page, signed in as a member, checked for the layout around it.
    private func render(
        title: String, path: String, language: Language,
        file: StaticString = #filePath, line: UInt = #line, compiled: (LayoutView, inout HTMLBuffer) -> Void
    ) -> String {
        let renderer = PageRenderer(version: "9.9.9")
        let viewer = ViewerView(name: "mia", displayName: "Mia <M> & '米娅'", isLead: false, role: renderer.text("role_member", in: language))
        let layout = renderer.layout(title: title, language: language, path: path, role: .member, viewer: viewer, csrf: csrf)
        let response = renderer.respond { compiled(layout, &$0) }
        PageLayoutAssertions.assertLayout(response, title: title, language: language, renderer: renderer, file: file, line: line)
        return PageLayoutAssertions.html(of: response)
    }

    /// 2026-12-07 10:00:00 UTC.
    private static let createdAt = Date(timeIntervalSince1970: 1_796_637_600)

    private static let states = ["queued", "submitted", "running", "needs_input", "succeeded", "failed", "cancelled", "unknown"]

    private func row(_ state: String, id: String = "task-1", language: Language) -> TaskRow {
        let settled = ["succeeded", "failed", "cancelled", "unknown"].contains(state)
        return TaskRow(id: id, member: "Mia <M> & \"co\"", provider: "Relay 中转 <1>", model: "mj & \"v7\"",
                       route: "Imagine <route>", prompt: "一只纸鹤 <b>fold</b> & 'fly'", status: "Status \(state) <\(language.rawValue)>",
                       statusKey: state, progress: settled ? 100 : 42, isRunning: !settled,
                       created: MinuteTime(date: Self.createdAt), createdISO: ISOTime(date: Self.createdAt), createdAgo: "5 min <ago>", elapsed: "3:05", cost: state == "succeeded" ? "0.25 USD" : "—")
    }

    private let outputs = [
        TaskOutputView(href: "/files/task-1/0", caption: "Image <1> & \"2\"", text: "", isImage: true, isAudio: false, isVideo: false,
                       isText: false, isPending: false, isFailed: false, error: "", size: "1.50 MiB"),
        TaskOutputView(href: "/files/task-1/1", caption: "", text: "", isImage: false, isAudio: true, isVideo: false,
                       isText: false, isPending: false, isFailed: false, error: "", size: ""),
        TaskOutputView(href: "/files/task-1/2", caption: "片段", text: "", isImage: false, isAudio: false, isVideo: true,
                       isText: false, isPending: false, isFailed: false, error: "", size: "12.00 MiB"),
        TaskOutputView(href: "/files/task-1/3", caption: "Text", text: "Answer <script>alert(1)</script> & 中文", isImage: false,
                       isAudio: false, isVideo: false, isText: true, isPending: false, isFailed: false, error: "", size: ""),
        TaskOutputView(href: "/files/task-1/4", caption: "Later", text: "", isImage: false, isAudio: false, isVideo: false,
                       isText: false, isPending: true, isFailed: false, error: "", size: ""),
        TaskOutputView(href: "/files/task-1/5", caption: "Lost", text: "", isImage: false, isAudio: false, isVideo: false,
                       isText: false, isPending: false, isFailed: true, error: "HTTP 404 <gone> & \"away\"", size: ""),
    ]

    func testTaskListShowsItsContent() {
        for language in Language.allCases {
            for isTeam in [false, true] {
                let rows = Self.states.enumerated().map { row($0.element, id: "task-\($0.offset)", language: language) }
                let pages = [
                    TasksPage(title: "Team <tasks> & 团队", flash: "Done & <ok>", problem: nil, isTeam: isTeam, tasks: rows, isEmpty: false,
                              older: "/tasks?scope=team&before=MTc4:dGFzaw", hasOlder: true, newer: "/tasks?after=MTc5", hasNewer: true, isPaged: true),
                    TasksPage(title: "Mine", flash: nil, problem: nil, isTeam: isTeam, tasks: Array(rows.prefix(1)), isEmpty: false,
                              older: "/tasks?before=x", hasOlder: true, newer: "", hasNewer: false, isPaged: true),
                    TasksPage(title: "Mine", flash: nil, problem: nil, isTeam: isTeam, tasks: Array(rows.prefix(2)), isEmpty: false,
                              older: "", hasOlder: false, newer: "/tasks?after=y", hasNewer: true, isPaged: true),
                    TasksPage(title: "我的任务", flash: nil, problem: "Problem <p>", isTeam: isTeam, tasks: [], isEmpty: true,
                              older: "", hasOlder: false, newer: "", hasNewer: false, isPaged: false),
                ]
                for page in pages {
                    let html = render(title: page.title, path: isTeam ? "/tasks?scope=team" : "/tasks",
                                                     language: language) {
                        CompiledTemplates.tasks(page, layout: $0, locale: language.rawValue, into: &$1)
                    }
                    XCTAssertEqual(html.components(separatedBy: "<tr class=\"task-").count - 1, page.tasks.count)
                    XCTAssertEqual(html.contains("<td class=\"who\">Mia &lt;M&gt; &amp; &quot;co&quot;</td>"), isTeam && !page.isEmpty)
                    XCTAssertEqual(html.contains("<time datetime=\"2026-12-07T10:00:00Z\" title=\"2026-12-07 10:00 UTC\">5 min &lt;ago&gt;</time>"),
                                   !page.isEmpty, "the relative time, with the exact time on hover")
                    XCTAssertEqual(html.contains("href=\"/tasks?scope=team&amp;before=MTc4:dGFzaw\" rel=\"next\""), page.older.hasPrefix("/tasks?scope"))
                    XCTAssertEqual(html.contains("rel=\"prev\""), page.hasNewer)
                    XCTAssertEqual(html.contains("<table class=\"table task-list\">"), !page.isEmpty)
                }
            }
        }
    }

    private func taskPage(_ state: String, language: Language, buttons: [TaskButton], flash: String?) -> TaskPage {
        let failed = ["failed", "cancelled", "unknown"].contains(state)
        return TaskPage(
            flash: flash, problem: nil, task: row(state, language: language), prompt: "一只纸鹤 <b>whole prompt</b> & \"more\"",
            outputs: state == "succeeded" ? outputs : [], buttons: buttons, hasButtons: !buttons.isEmpty,
            failure: failed ? "The relay refused <it> & 拒绝" : "", hasFailure: failed,
            detail: state == "failed" ? "HTTP 500 <body> & \"x\"" : "", providerMessage: state != "cancelled" && failed ? "{\"error\": \"<bad>\"}" : "",
            hasDetail: failed && state != "cancelled", hasFailureDetail: state == "failed", hasProviderMessage: state != "cancelled" && failed,
            canCancel: ["queued", "submitted", "running", "needs_input"].contains(state), canRetry: failed, isUnknown: state == "unknown",
            needsInput: state == "needs_input", finalPrompt: "Final <prompt> & 区域", isRunning: !["succeeded", "failed", "cancelled", "unknown"].contains(state),
            parent: state == "succeeded" ? "parent-<1>" : "", hasParent: state == "succeeded", submission: "sub-\"1\"-<x>")
    }

    func testTaskPageShowsEveryState() {
        let buttons = [TaskButton(id: "MJ::JOB::upsample::1::abc", label: "U1", submission: "key-0"),
                       TaskButton(id: "MJ::JOB::reroll::0::abc", label: "重新生成 <🔄> & \"x\"", submission: "key-1")]
        for language in Language.allCases {
            for state in Self.states {
                for pressable in [false, true] where state == "succeeded" || !pressable {
                    for flash in [nil, "Pressed & <sent>"] {
                        let page = taskPage(state, language: language, buttons: pressable ? buttons : [], flash: flash)
                        let html = render(title: "Task <t>", path: "/tasks/task-1", language: language) {
                            CompiledTemplates.task(page, layout: $0, locale: language.rawValue, into: &$1)
                        }
                        XCTAssertEqual(html.contains("action=\"/tasks/task-1/answer\""), state == "needs_input")
                        XCTAssertEqual(html.contains("action=\"/tasks/task-1/cancel\""), page.canCancel)
                        XCTAssertEqual(html.contains("action=\"/tasks/task-1/retry\""), page.canRetry)
                        XCTAssertEqual(html.contains("action=\"/tasks/task-1/close\""), state == "unknown")
                        XCTAssertEqual(html.contains("<pre>{&quot;error&quot;: &quot;&lt;bad&gt;&quot;}</pre>"), page.hasProviderMessage)
                        XCTAssertEqual(html.contains("重新生成 &lt;🔄&gt; &amp; &quot;x&quot;</button>"), pressable)
                        XCTAssertEqual(html.contains("<pre>Answer &lt;script&gt;alert(1)&lt;/script&gt; &amp; 中文</pre>"), state == "succeeded")
                        XCTAssertEqual(html.contains("data-running=\"yes\""), page.isRunning)
                        XCTAssertEqual(html.contains("<p class=\"flash\" role=\"status\">Pressed &amp; &lt;sent&gt;</p>"), flash != nil)
                    }
                }
            }
        }
    }

    func testComparePageShowsItsContent() {
        for language in Language.allCases {
            let columns = Self.states.enumerated().map {
                CompareColumn(task: row($0.element, id: "task-\($0.offset)", language: language), outputs: $0.element == "succeeded" ? outputs : [])
            }
            let pages = [
                ComparePage(title: "Compare <c> & 对比", prompt: "一只纸鹤 <b>", isRunning: true, columns: columns),
                ComparePage(title: "Compare", prompt: "", isRunning: false, columns: Array(columns.suffix(2))),
            ]
            for page in pages {
                let html = render(title: page.title, path: "/tasks/compare/g-1", language: language) {
                    CompiledTemplates.compare(page, layout: $0, locale: language.rawValue, into: &$1)
                }
                XCTAssertEqual(html.components(separatedBy: "<section class=\"panel task-").count - 1, page.columns.count)
                XCTAssertTrue(html.contains("Relay 中转 &lt;1&gt; · mj &amp; &quot;v7&quot;"))
                XCTAssertEqual(html.contains("<figcaption>Image &lt;1&gt; &amp; &quot;2&quot; <span class=\"muted\">1.50 MiB</span></figcaption>"),
                               page.columns.contains { !$0.outputs.isEmpty })
            }
        }
    }
}
