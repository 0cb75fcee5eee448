import AtelierStore
import Foundation
import RelayClient
import TaskEngine

/// A task as the list and the task page show it.
struct TaskView {
    let task: TaskRecord
    let renderer: PageRenderer
    let language: Language

    /// The task's row, as a task list shows it.
    func row(now: Date = Date()) -> TaskRow {
        Self.row(TaskListRow(task), texts: PageTexts(renderer: renderer, language: language, now: now))
    }

    /// The row of a task list, from the lean row the list query reads, with the page's texts
    /// (one `PageTexts` for every row of a page).
    static func row(_ task: TaskListRow, texts: PageTexts) -> TaskRow {
        TaskRow(
            id: task.id, member: task.memberName, provider: task.providerName, model: task.model,
            route: texts.route(task.operation),
            prompt: task.promptPrefix,
            status: texts.status(task.status.rawValue),
            statusKey: task.status.rawValue, progress: task.progress,
            isRunning: !task.status.isSettled,
            created: MinuteTime(date: task.createdAt),
            createdISO: ISOTime(date: task.createdAt),
            createdAgo: texts.ago(task.createdAt),
            elapsed: elapsed(from: task.createdAt, to: task.finishedAt ?? texts.now),
            cost: cost(of: task, renderer: texts.renderer, language: texts.language)
        )
    }

    /// What the task cost; "no price set" for a running or finished task whose route has no
    /// price (unknown, never 0); "—" when nothing was charged for a task that did not succeed
    /// (as for every other failure).
    static func cost(of task: TaskListRow, renderer: PageRenderer, language: Language) -> String {
        if let cost = task.cost, cost > 0 || task.status == .succeeded { return Formatting.amount(cost) + " " + (task.costUnit ?? "") }
        let mayBeCharged = task.status == .succeeded || !task.status.isSettled
        if task.cost == nil, task.estimatedCost == nil, mayBeCharged { return renderer.text("price_none", in: language) }
        return "—"
    }

    /// The outputs as the output partial shows them.
    static func outputs(_ outputs: [TaskOutputRecord], taskID: String) -> [TaskOutputView] {
        outputs.map { output in
            TaskOutputView(
                href: "/files/\(taskID)/\(output.position)", caption: output.title ?? "", text: output.text ?? "",
                isImage: output.state == .kept && output.kind == "image", isAudio: output.state == .kept && output.kind == "audio",
                isVideo: output.state == .kept && output.kind == "video", isText: output.state == .text,
                isPending: output.state == .pending, isFailed: output.state == .failed, error: output.lastError ?? "",
                size: output.byteCount.map(Formatting.fileSize) ?? ""
            )
        }
    }

    /// "0:12", "3:05", "1:02:00".
    static func elapsed(from start: Date, to end: Date) -> String {
        let interval = end.timeIntervalSince(start)
        guard interval.isFinite, interval > 0 else { return Formatting.clock(seconds: 0) }
        return Formatting.clock(seconds: interval < 1e9 ? Int(interval) : 999_999_999)
    }

    /// Atelier's own detail about the failure, for the disclosure: nil when it only repeats the
    /// headline.
    var failureDetail: String? {
        guard let message = task.failureMessage, !message.isEmpty,
              !FailureText.onlyRepeatsCategory(message, category: task.failureCategory) else { return nil }
        return message
    }

    /// Why the task failed (or is unknown), in the reader's language: the error category in plain
    /// words; Atelier's own detail and the provider's message go behind a disclosure.
    var failureHeadline: String? {
        guard [.failed, .unknown, .cancelled].contains(task.status) else { return nil }
        if let category = task.failureCategory, renderer.hasText("failure_\(category)") {
            return renderer.text("failure_\(category)", in: language)
        }
        return renderer.text("failure_generic", in: language)
    }
}
