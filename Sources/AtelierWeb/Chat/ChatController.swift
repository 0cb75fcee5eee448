import AtelierEngine
import AtelierStore
import FastCGI
import Foundation
import Logging
import RelayClient
import TaskEngine

/// Chat with any OpenAI-compatible model: conversations kept and listed, answers streamed to
/// the browser as they come (the form posts to `…/stream`, which nginx passes unbuffered, and
/// the answer is written into the page token by token — no JavaScript needed).
struct ChatController: Sendable {
    let renderer: PageRenderer
    let team: Team
    let connector: ProviderConnector
    let logger: Logger

    /// Where the streamed answer goes in the rendered page.
    static let streamMarker = "<!--atelier-answer-->"

    func register(in router: inout Router) {
        router.get("/chat", access: .atLeast(.member)) { context in try await page(context, conversation: nil, form: FormState()) }
        router.get("/chat/:id", access: .atLeast(.member)) { context in
            try await page(context, conversation: try await owned(context), form: FormState())
        }
        router.post("/chat/:id/stream", access: .atLeast(.member), holdsWorker: true) { context in try await send(context) }
    }

    /// The conversation in the path, if it is the viewer's (`new` starts one).
    private func owned(_ context: RequestContext) async throws -> Conversation {
        let viewer = try context.requireViewer()
        guard let conversation = try await team.conversations.find(id: try context.id()), conversation.memberId == viewer.member.id
        else { throw WebError.notFound }
        return conversation
    }

    private func page(_ context: RequestContext, conversation: Conversation?, form: FormState, pending: String? = nil,
                      status: HTTPStatus = .ok) async throws -> Response {
        let view = try await pageView(context, conversation: conversation, form: form, pending: pending)
        let layout = renderer.layout(title: view.title, context: context)
        return renderer.respond(status: status) { CompiledTemplates.chat(view, layout: layout, locale: context.language.rawValue, into: &$0) }
    }

    private func pageView(_ context: RequestContext, conversation: Conversation?, form: FormState, pending: String?) async throws
        -> ChatPage
    {
        let viewer = try context.requireViewer()
        let conversations = try await team.conversations.list(memberID: viewer.member.id ?? 0)
        var messages: [ChatMessageRecord] = []
        if let id = conversation?.id { messages = try await team.conversations.messages(conversationID: id) }
        let choices = try await ChatChoice.all(team: team)
        let selected = form.values["provider"] ?? conversation.map { "\($0.providerId ?? 0)" } ?? choices.first.map { "\($0.providerID)" } ?? ""
        var rows = messages.map { message in
            ChatMessageRow(isUser: message.role == "user", content: message.content,
                           html: message.role == "user" ? "" : ChatMarkdown.html(message.content), failure: message.failure ?? "",
                           hasFailure: message.failure != nil)
        }
        if let pending { rows.append(ChatMessageRow(isUser: true, content: pending, html: "", failure: "", hasFailure: false)) }
        return ChatPage(
            title: conversation?.title ?? renderer.text("chat_title", in: context.language),
            conversations: conversations.map { item in
                ChatConversationRow(id: "\(item.id ?? 0)", label: item.title, model: item.model, active: item.id == conversation?.id)
            },
            hasConversation: conversation != nil, conversationID: conversation.map { "\($0.id ?? 0)" } ?? "new",
            model: conversation?.model ?? "", provider: conversation?.providerName ?? "",
            messages: rows, isStreaming: pending != nil, marker: pending != nil ? Self.streamMarker : "",
            providers: choices.map { ChatProviderOption(id: "\($0.providerID)", name: $0.name, selected: "\($0.providerID)" == selected) },
            models: Array(Set(choices.flatMap(\.models))).sorted(), hasProviders: !choices.isEmpty,
            form: ChatFormView(form))
    }

    /// Sends the member's message and streams the answer into the page.
    private func send(_ context: RequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let form = context.request.form
        let text = (form["message"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var state = FormState(values: ["message": form["message"] ?? "", "model": (form["model"] ?? "").trimmingCharacters(in: .whitespaces),
                                       "provider": form["provider"] ?? ""])
        let isNew = context.parameters["id"] == "new"
        var conversation = isNew ? nil : try await owned(context)
        var problems: [FieldError] = []
        if text.isEmpty { problems.append(FieldError(field: "message", code: "required")) }
        if let problem = TextLimit.chatMessage.problem(text, field: "message") { problems.append(problem) }
        var providerRecord: ProviderRecord?
        if let conversation {
            if let id = conversation.providerId { providerRecord = try await team.providers.find(id: id) }
            if providerRecord == nil { problems.append(FieldError(field: "provider", code: "not_found")) }
        } else {
            let model = state.values["model"] ?? ""
            if model.isEmpty || !TextLimit.model.allows(model) || model.contains(where: \.isWhitespace) { problems.append(FieldError(field: "model", code: "invalid")) }
            if let id = Int64(state.values["provider"] ?? "") { providerRecord = try await team.providers.find(id: id) }
            if providerRecord == nil { problems.append(FieldError(field: "provider", code: "invalid_choice")) }
        }
        var cost = ChatCost(price: nil, unit: "")
        if problems.isEmpty, let record = providerRecord {
            let prices = try await PriceBook(team: team).sheet(for: record)
            cost = ChatCost(price: prices.price(route: PriceBook.chatRoute, model: conversation?.model ?? state.values["model"] ?? ""),
                            unit: prices.unit)
            // The same check as the studio's: the member's running tasks count too.
            let decision = try await team.budgets.check(memberID: viewer.member.id ?? 0, providerID: record.id ?? 0, cost: cost.expected)
            if case .refused = decision { problems.append(FieldError(field: "message", code: "over_budget")) }
        }
        guard problems.isEmpty, let record = providerRecord else {
            state.add(ValidationFailure(problems), renderer: renderer, language: context.language)
            return try await page(context, conversation: conversation, form: state, status: .unprocessableContent)
        }
        if conversation == nil {
            conversation = try await team.conversations.start(Conversation(
                memberId: viewer.member.id, memberName: viewer.member.name, providerId: record.id, providerName: record.name,
                model: state.values["model"] ?? "", title: TextLimit(characters: 60).cut(text)))
        }
        guard let conversation, let conversationID = conversation.id else { throw WebError.notFound }
        let history = try await team.conversations.messages(conversationID: conversationID)
        // The page is rendered before the message is kept: it shows the message once, as the pending one.
        let html = try await page(context, conversation: conversation, form: FormState(), pending: text)
        try await team.conversations.append(ChatMessageRecord(conversationId: conversationID, role: "user", content: text))
        guard case .bytes(let bytes) = html.body else { throw WebError.notFound }
        let rendered = String(decoding: bytes, as: UTF8.self)
        let parts = rendered.components(separatedBy: Self.streamMarker)
        let head = parts.first ?? rendered, tail = parts.count > 1 ? parts[1] : ""
        let messages = history.map { ChatMessage(role: $0.role, content: $0.content) } + [.user(text)]
        let request = ChatRequest(model: conversation.model, messages: messages)
        let usage = UsageEntry(memberId: viewer.member.id, memberName: viewer.member.name, providerId: record.id, providerName: record.name,
                               apiKeyId: nil, model: conversation.model, amount: 0, unit: cost.unit)
        let answering = ChatAnswer(team: team, connector: connector, logger: logger, record: record, conversationID: conversationID,
                                   request: request, usage: usage, cost: cost, failureText: { key in renderer.text(key, in: context.language) })
        var headers = html.headers
        headers.set("cache-control", "no-store")
        headers.set("x-accel-buffering", "no")
        return Response(status: .ok, headers: headers, body: .stream { writer in
            try await writer.writeAndFlush(head)
            await answering.stream(into: writer)
            try await writer.writeAndFlush(tail)
        })
    }
}
