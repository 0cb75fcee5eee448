/// The view of `chat.mustache`: the viewer's conversations, the open one's messages, and the
/// form for the next message; while an answer streams, the page holds `marker` where it goes.
struct ChatPage {
    /// The open conversation's title, or the new chat's heading.
    let title: String
    let conversations: [ChatConversationRow]
    let hasConversation: Bool
    /// The open conversation's id, or `new`: the form posts to `/chat/<id>/stream`.
    let conversationID: String
    let model: String
    let provider: String
    let messages: [ChatMessageRow]
    let isStreaming: Bool
    /// `ChatController.streamMarker` while streaming (written raw, split on by the controller), else "".
    let marker: String
    let providers: [ChatProviderOption]
    /// Every chat model of every provider, for the model field's list.
    let models: [String]
    let hasProviders: Bool
    let form: ChatFormView
}

/// One conversation of the list.
struct ChatConversationRow {
    let id: String
    /// The conversation's title (not `title`, which names the page's title from any depth).
    let label: String
    let model: String
    let active: Bool
}

/// One message of the open conversation.
struct ChatMessageRow {
    let isUser: Bool
    let content: String
    /// An answer's Markdown as safe HTML (`ChatMarkdown`), written raw; "" for the member's messages.
    let html: String
    let failure: String
    let hasFailure: Bool
}

/// One provider a new chat can use.
struct ChatProviderOption {
    let id: String
    let name: String
    let selected: Bool
}

/// The chat form as the page shows it again: what was typed, and the message beside each field
/// that has a problem (one joined message, as `FormState` keeps it, or none).
typealias ChatFormView = FormView<ChatFields>

/// The fields of that form, by the names the template reads.
struct ChatFields: FormFields {
    let provider = "provider"
    let model = "model"
    let message = "message"
}
