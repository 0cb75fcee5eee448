/// The view of `tasks.mustache`: the viewer's tasks or the team's, a page at a time, with the
/// "Newer" and "Older" links of `TaskListLinks`.
struct TasksPage {
    let title: String
    /// The confirmation after an action (`?done=…`); `problem` is never set here but the shared
    /// flash partial shows it.
    let flash: String?
    let problem: String?
    let isTeam: Bool
    let tasks: [TaskRow]
    let isEmpty: Bool
    let older: String
    let hasOlder: Bool
    let newer: String
    let hasNewer: Bool
    let isPaged: Bool
}

/// One task as a list, the task page and a compare column show it.
struct TaskRow {
    let id: String
    let member: String
    let provider: String
    let model: String
    /// The route's name in the page's language.
    let route: String
    let prompt: String
    /// The status in the page's language; `statusKey` is its raw value, for the row's class.
    let status: String
    let statusKey: String
    let progress: Int
    let isRunning: Bool
    /// When it was made: the exact time (`created`, shown on hover), its ISO 8601 form for
    /// `<time datetime>`, and how long ago in the page's language (`createdAgo`).
    let created: MinuteTime
    let createdISO: ISOTime
    let createdAgo: String
    let elapsed: String
    let cost: String
}

/// The view of `task.mustache`: one task with its state, outputs, failure, and what the viewer
/// may do with it (answer, cancel, retry, close, press a Midjourney button).
struct TaskPage {
    let flash: String?
    /// Never set here; the shared flash partial shows it.
    let problem: String?
    let task: TaskRow
    /// The whole prompt (the row holds its beginning).
    let prompt: String
    let outputs: [TaskOutputView]
    let buttons: [TaskButton]
    let hasButtons: Bool
    /// Why the task failed, in plain words ("" when it did not).
    let failure: String
    let hasFailure: Bool
    /// Atelier's own detail and the provider's message, behind a disclosure.
    let detail: String
    let providerMessage: String
    let hasDetail: Bool
    let hasFailureDetail: Bool
    let hasProviderMessage: Bool
    let canCancel: Bool
    let canRetry: Bool
    let isUnknown: Bool
    let needsInput: Bool
    /// The prompt the answer form starts with (the provider's final prompt when it gave one).
    let finalPrompt: String
    let isRunning: Bool
    let parent: String
    let hasParent: Bool
    /// The retry form's idempotency key.
    let submission: String
}

/// One output as `partials/output.mustache` shows it.
struct TaskOutputView {
    let href: String
    let caption: String
    let text: String
    let isImage: Bool
    let isAudio: Bool
    let isVideo: Bool
    let isText: Bool
    let isPending: Bool
    let isFailed: Bool
    let error: String
    /// "1.4 MB", or "" when the size is unknown.
    let size: String
}

/// A Midjourney button of a finished task.
struct TaskButton {
    /// The relay's action id.
    let id: String
    let label: String
    /// The button's own idempotency key.
    let submission: String
}

/// The view of `compare.mustache`: tasks sent together by "compare", side by side.
struct ComparePage {
    let title: String
    let prompt: String
    let isRunning: Bool
    let columns: [CompareColumn]
}

/// One task of a compare group with its outputs.
struct CompareColumn {
    let task: TaskRow
    let outputs: [TaskOutputView]
}
