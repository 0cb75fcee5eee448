import AtelierStore
@testable import AtelierWeb
import FastCGI
import TaskEngine
import TemplateRuntime
import XCTest

/// The compiled `/studio/<kind>` and `/chat` pages show their content escaped, in every language,
/// with empty lists and forms kept with their errors; the chat page holds the stream marker once, raw, where the answer goes.
final class CompiledStudioChatPagesTests: XCTestCase {
    private let csrf = "tok\"en&<1>"

    private func text(_ response: Response) -> String { PageLayoutAssertions.html(of: response) }

    /// The compiled render of a page as a 422, signed in as a lead, checked for the layout around it.
    private func render(
        page: Any, title: String, path: String, language: Language,
        compiled: (LayoutView, inout HTMLBuffer) -> Void
    ) -> String {
        let renderer = PageRenderer(version: "9.9.9")
        let viewer = ViewerView(name: "lead", displayName: "Lé <Lead> & 'co'", isLead: true, role: renderer.text("role_lead", in: language))
        let layout = renderer.layout(title: title, language: language, path: path, role: .lead, viewer: viewer, csrf: csrf)
        let response = renderer.respond(status: .unprocessableContent) { compiled(layout, &$0) }
        XCTAssertEqual(response.status, .unprocessableContent)
        PageLayoutAssertions.assertLayout(response, title: title, language: language, renderer: renderer)
        return text(response)
    }

    // MARK: studio

    /// A form as a 422 leaves it: what was typed (with text needing escaping), and a message on every field the page shows.
    private var formWithErrors: FormState {
        var form = FormState(values: [
            "submission": "0123456789abcdef", "choice": "1|openai_image", "model": "dall-e <3>", "prompt": "a \"heron\" & 鹭\n<script>",
            "negative_prompt": "no 'rain'", "size": "1792x1024", "aspect_ratio": "16:9", "count": "9", "seed": "x", "lyrics": "la <la>",
            "style": "jazz & blues", "title": "标题", "duration": "99", "voice": "nova", "instrumental": "on",
            "compare": "1|openai_image 2|midjourney", "compare_models": "a, b",
        ])
        for field in ["submission", "choice", "model", "prompt", "negative_prompt", "size", "count", "seed", "lyrics", "duration",
                      "aspect_ratio", "reference", "compare"] {
            form.errors[field] = "Bad <\(field)> & \"fix\" 它"
        }
        return form
    }

    private func studioPage(_ kind: StudioRoute.Page, form: FormState, withChoices: Bool, withBudgets: Bool) -> StudioPage {
        let choices = withChoices ? [
            StudioOption(value: "1|openai_image", label: "Relay <one> — Images (0.04 USD & more)", selected: true, compared: true),
            StudioOption(value: "2|midjourney", label: "中转 — Midjourney (no price set)", selected: false, compared: false),
        ] : []
        let budgets = withBudgets ? [
            StudioBudget(provider: "Relay <one>", limit: "10.00", remaining: "0.00", isOver: true, unpriced: "2 <unpriced>"),
            StudioBudget(provider: "中转", limit: "5.00", remaining: "4.50", isOver: false, unpriced: ""),
        ] : []
        func presets(_ values: [String], field: String) -> [StudioPreset] {
            values.map { StudioPreset(value: $0, selected: $0 == form.values[field]) }
        }
        return StudioPage(
            kind: kind.rawValue,
            tabs: StudioRoute.Page.allCases.map { StudioTab(href: "/studio/\($0.rawValue)", label: "Tab <\($0.rawValue)>", active: $0 == kind) },
            isImage: kind == .image, isMusic: kind == .music, isVideo: kind == .video, isSpeech: kind == .speech,
            takesReference: kind == .image || kind == .video, takesRecording: kind == .speech,
            choices: choices, hasChoices: !choices.isEmpty, models: withChoices ? ["dall-e-3", "mj <v6>"] : [],
            sizes: presets(["1024x1024", "1792x1024"], field: "size"), ratios: presets(["1:1", "16:9"], field: "aspect_ratio"),
            voices: presets(["alloy", "nova"], field: "voice"), instrumental: form.values["instrumental"] == "on",
            budgets: budgets, hasBudgets: !budgets.isEmpty, month: "2026-12", form: StudioFormView(form))
    }

    func testStudioPagesShowTheirContent() {
        for language in Language.allCases {
            for kind in StudioRoute.Page.allCases {
                let cases = [
                    (studioPage(kind, form: formWithErrors, withChoices: true, withBudgets: true), "errors"),
                    (studioPage(kind, form: FormState(values: ["count": "1", "submission": "fresh"]), withChoices: true, withBudgets: false), "fresh"),
                    (studioPage(kind, form: FormState(), withChoices: false, withBudgets: false), "no choices"),
                ]
                for (page, name) in cases {
                    let compiled = render(
                        page: page, title: "Studio <\(kind.rawValue)>", path: "/studio/\(kind.rawValue)", language: language
                    ) { layout, out in CompiledTemplates.studio(page, layout: layout, locale: language.rawValue, into: &out) }
                    XCTAssertEqual(compiled.contains("action=\"/studio/\(kind.rawValue)\""), page.hasChoices)
                    XCTAssertEqual(compiled.contains("Relay &lt;one&gt; — Images (0.04 USD &amp; more)"), page.hasChoices, name)
                    XCTAssertEqual(compiled.contains("Bad &lt;prompt&gt; &amp; &quot;fix&quot; 它"), page.form.hasErrors && page.hasChoices, name)
                    XCTAssertTrue(compiled.contains("<a href=\"/studio/\(kind.rawValue)\" class=\"active\" aria-current=\"page\">Tab &lt;\(kind.rawValue)&gt;</a>"))
                }
            }
        }
    }

    func testAStudioFormKeptAfterA422ShowsEveryValueAndMessageEscaped() throws {
        let page = studioPage(.image, form: formWithErrors, withChoices: true, withBudgets: true)
        var out = HTMLBuffer()
        let renderer = PageRenderer(version: "9.9.9")
        let layout = renderer.layout(title: "Image", language: .simplifiedChinese, path: "/studio/image", role: .member, viewer: nil, csrf: csrf)
        CompiledTemplates.studio(page, layout: layout, locale: Language.simplifiedChinese.rawValue, into: &out)
        let html = String(decoding: out.bytes, as: UTF8.self)
        XCTAssertTrue(html.contains("<textarea id=\"prompt\" name=\"prompt\" rows=\"4\">a &quot;heron&quot; &amp; 鹭\n&lt;script&gt;</textarea>\n"
            + "  <p class=\"field-error\">Bad &lt;prompt&gt; &amp; &quot;fix&quot; 它</p>"))
        XCTAssertTrue(html.contains("value=\"dall-e &lt;3&gt;\""))
        XCTAssertTrue(html.contains("<details class=\"compare\" open>"))
        XCTAssertTrue(html.contains("<option value=\"1792x1024\" selected>"))
        XCTAssertTrue(html.contains("<input type=\"checkbox\" name=\"compare\" value=\"1|openai_image\" checked>"))
        XCTAssertTrue(html.contains("<li class=\"failure\">Relay &lt;one&gt;: 0.00 / 10.00 <span class=\"muted\">2 &lt;unpriced&gt;</span></li>"))
        XCTAssertFalse(html.contains("<script>"))
    }

    // MARK: chat

    private func chatPage(streaming pending: String?, conversation: Bool, form: FormState, providers: Bool) -> ChatPage {
        var messages = conversation ? [
            ChatMessageRow(isUser: true, content: "Hi <b>there</b> & \"you\"", html: "", failure: "", hasFailure: false),
            ChatMessageRow(isUser: false, content: "你好 'friend'", html: ChatMarkdown.html("你好 **friend** <script>x</script>"),
                           failure: "The relay <failed>", hasFailure: true),
        ] : []
        if let pending { messages.append(ChatMessageRow(isUser: true, content: pending, html: "", failure: "", hasFailure: false)) }
        return ChatPage(
            title: conversation ? "Hi <b>there</b>" : "New chat",
            conversations: [
                ChatConversationRow(id: "3", label: "Hi <b>there</b>", model: "gpt-4o-mini", active: conversation),
                ChatConversationRow(id: "2", label: "旧的 & old", model: "m <x>", active: false),
            ],
            hasConversation: conversation, conversationID: conversation ? "3" : "new", model: conversation ? "gpt-4o-mini" : "",
            provider: conversation ? "Relay <one>" : "", messages: messages, isStreaming: pending != nil,
            marker: pending != nil ? ChatController.streamMarker : "",
            providers: providers ? [ChatProviderOption(id: "1", name: "Relay <one>", selected: false),
                                    ChatProviderOption(id: "2", name: "中转", selected: true)] : [],
            models: providers ? ["gpt-4o", "gpt-4o-mini"] : [], hasProviders: providers, form: ChatFormView(form))
    }

    func testChatPagesShowTheirContent() {
        var refused = FormState(values: ["message": "too <long> 长", "model": "bad model", "provider": "2"])
        for field in ["provider", "model", "message"] { refused.errors[field] = "Bad <\(field)> & 它" }
        let pages = [
            chatPage(streaming: nil, conversation: false, form: refused, providers: true),
            chatPage(streaming: nil, conversation: true, form: FormState(), providers: true),
            chatPage(streaming: "Say <hello> & \"hi\"", conversation: true, form: FormState(), providers: true),
            chatPage(streaming: "first", conversation: false, form: FormState(), providers: true),
            chatPage(streaming: nil, conversation: false, form: FormState(), providers: false),
        ]
        for language in Language.allCases {
            for page in pages {
                let compiled = render(
                    page: page, title: page.title, path: "/chat", language: language
                ) { layout, out in CompiledTemplates.chat(page, layout: layout, locale: language.rawValue, into: &out) }
                XCTAssertTrue(compiled.contains("<a href=\"/chat/2\">旧的 &amp; old</a>"), "a conversation's own title in the list")
                XCTAssertEqual(compiled.contains("<div class=\"markdown\"><p>你好 <strong>friend</strong> &lt;script&gt;x&lt;/script&gt;</p></div>"),
                               page.hasConversation, "an answer is shown from its Markdown, its HTML as text")
                XCTAssertFalse(compiled.contains("<script>x"))
            }
        }
    }

    /// The controller splits the streaming page at the marker: it must be there once, raw, where
    /// the answer goes, even when the member's message is the marker's text (which is escaped).
    func testTheStreamingChatPageHoldsTheMarkerOnceRawWhereTheAnswerGoes() throws {
        let renderer = PageRenderer(version: "9.9.9")
        for language in Language.allCases {
            for pending in ["Say hello", ChatController.streamMarker] {
                let page = chatPage(streaming: pending, conversation: true, form: FormState(), providers: true)
                var out = HTMLBuffer()
                let layout = renderer.layout(title: page.title, language: language, path: "/chat/3/stream", role: .member, viewer: nil, csrf: csrf)
                CompiledTemplates.chat(page, layout: layout, locale: language.rawValue, into: &out)
                let html = String(decoding: out.bytes, as: UTF8.self)
                let parts = html.components(separatedBy: ChatController.streamMarker)
                XCTAssertEqual(parts.count, 2, "the marker appears exactly once")
                XCTAssertTrue(parts[0].hasSuffix("<div class=\"message assistant\" aria-live=\"polite\"><p>"), "\(language) \(pending)")
                XCTAssertTrue(parts[1].hasPrefix("</p></div>\n  </div>"))
                XCTAssertTrue(parts[0].contains("<p>&lt;!--atelier-answer--&gt;</p>") == (pending == ChatController.streamMarker))
            }
        }
        let idle = chatPage(streaming: nil, conversation: true, form: FormState(), providers: true)
        var out = HTMLBuffer()
        let layout = renderer.layout(title: idle.title, language: .english, path: "/chat/3", role: .member, viewer: nil, csrf: csrf)
        CompiledTemplates.chat(idle, layout: layout, locale: "en", into: &out)
        XCTAssertFalse(String(decoding: out.bytes, as: UTF8.self).contains(ChatController.streamMarker), "no marker on a page at rest")
    }
}
