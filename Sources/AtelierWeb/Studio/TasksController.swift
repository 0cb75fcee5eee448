import AtelierMedia
import AtelierStore
import FastCGI
import Foundation
import RelayClient
import TaskEngine

/// Task lists (mine, the team's), the task page with its outputs, and what a member can do
/// with a task: cancel, retry, close an unknown one, press a Midjourney button.
struct TasksController: Sendable {
    let renderer: PageRenderer
    let team: Team
    let engine: TaskEngine

    func register(in router: inout Router) {
        router.get("/tasks", access: .atLeast(.viewer)) { context in try await list(context) }
        router.get("/tasks/:id", access: .atLeast(.viewer)) { context in try await show(context) }
        router.get("/tasks/compare/:group", access: .atLeast(.viewer)) { context in try await compare(context) }
        router.get("/tasks/:id/status", access: .atLeast(.viewer)) { context in try await status(context) }
        router.post("/tasks/:id/cancel", access: .atLeast(.member), holdsWorker: true) { context in
            try await act(context) { task, _ in _ = try await engine.cancel(taskID: task.id); return nil }
        }
        router.post("/tasks/:id/retry", access: .atLeast(.member)) { context in
            try await act(context) { task, member in
                try await engine.retry(taskID: task.id, member: member, idempotencyKey: try submission(context)).id
            }
        }
        router.post("/tasks/:id/close", access: .atLeast(.member)) { context in
            try await act(context) { task, member in _ = try await engine.closeUnknown(taskID: task.id, member: member); return nil }
        }
        router.post("/tasks/:id/answer", access: .atLeast(.member)) { context in
            try await act(context) { task, _ in
                let form = context.request.form
                let prompt = (form["prompt"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                guard TextLimit.prompt.allows(prompt) else { throw WebError.badRequest(messageKey: "error_invalid_field", detail: "prompt") }
                var mask: Data?
                if let file = form.file("mask"), file.size > 0 {
                    guard file.size <= 10 * 1024 * 1024, let bytes = try? Data(contentsOf: file.location), bytes.starts(with: [0x89, 0x50, 0x4E, 0x47])
                    else { throw WebError.badRequest(messageKey: "error_invalid_field", detail: "mask") }
                    mask = bytes
                }
                _ = try await engine.answer(taskID: task.id, prompt: prompt.isEmpty ? nil : prompt, mask: mask)
                return nil
            }
        }
        router.post("/tasks/:id/press", access: .atLeast(.member)) { context in
            try await act(context) { task, member in
                let action = context.request.form["action"] ?? ""
                return try await engine.press(actionID: action, on: task.id, member: member, idempotencyKey: try submission(context)).id
            }
        }
    }

    /// Rows on a page of a task list.
    static let listPageSize = 100

    private func list(_ context: RequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let team = context.request.queryValue("scope") == "team"
        let position = try TaskListLinks.position(in: context.request)
        let listed = try await self.team.tasks.listPage(memberID: team ? nil : viewer.member.id, from: position, limit: Self.listPageSize)
        let rows = listed.rows.map { [texts = PageTexts(renderer: renderer, language: context.language)] in TaskView.row($0, texts: texts) }
        let links = TaskListLinks(isTeam: team)
        let title = renderer.text(team ? "tasks_team_title" : "tasks_mine_title", in: context.language)
        let page = TasksPage(
            title: title, flash: Flash.message(context, renderer: renderer), problem: nil,
            isTeam: team, tasks: rows, isEmpty: rows.isEmpty,
            older: listed.older.map(links.href) ?? "", hasOlder: listed.older != nil,
            newer: listed.newer.map(links.href) ?? "", hasNewer: listed.newer != nil,
            isPaged: listed.older != nil || listed.newer != nil
        )
        return renderer.respond {
            CompiledTemplates.tasks(page, layout: renderer.layout(title: title, context: context), locale: context.language.rawValue, into: &$0)
        }
    }

    private func task(_ context: RequestContext) async throws -> TaskRecord {
        guard let id = context.parameters["id"], id.utf8.count <= 64, let task = try await team.tasks.task(id: id) else { throw WebError.notFound }
        return task
    }

    private func show(_ context: RequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let task = try await task(context)
        let view = TaskView(task: task, renderer: renderer, language: context.language)
        let outputs = try await visibleOutputs(of: task.id, to: viewer)
        let relay = RelayStateSummary.of(task.relayState)
        let mayAct = viewer.member.id == task.memberId || viewer.isLead
        let buttons = TaskButton.offered(for: task, relay: relay, viewer: viewer, renderer: renderer, language: context.language)
        let page = TaskPage(
            flash: Flash.message(context, renderer: renderer), problem: nil,
            task: view.row(), prompt: task.prompt,
            outputs: TaskView.outputs(outputs, taskID: task.id),
            buttons: buttons, hasButtons: !buttons.isEmpty,
            failure: view.failureHeadline ?? "", hasFailure: view.failureHeadline != nil,
            detail: view.failureDetail ?? "", providerMessage: task.providerMessage ?? "",
            hasDetail: view.failureDetail != nil || task.providerMessage != nil,
            hasFailureDetail: view.failureDetail != nil, hasProviderMessage: task.providerMessage != nil,
            canCancel: mayAct && [.queued, .submitted, .running, .needsInput].contains(task.status),
            canRetry: mayAct && (task.status == .failed || task.status == .cancelled || task.status == .unknown),
            isUnknown: mayAct && task.status == .unknown,
            needsInput: mayAct && task.status == .needsInput,
            finalPrompt: relay?.outputs.first { $0.kind == .text }?.text ?? task.prompt,
            isRunning: !task.status.isSettled,
            parent: task.parentId ?? "", hasParent: task.parentId != nil,
            submission: SubmissionKey.fresh()
        )
        let title = renderer.text("task_title", in: context.language)
        return renderer.respond {
            CompiledTemplates.task(page, layout: renderer.layout(title: title, context: context), locale: context.language.rawValue, into: &$0)
        }
    }

    /// Tasks sent together by "compare", side by side.
    private func compare(_ context: RequestContext) async throws -> Response {
        guard let group = context.parameters["group"], group.utf8.count <= 64 else { throw WebError.notFound }
        let tasks = try await team.tasks.compareGroup(group)
        guard !tasks.isEmpty else { throw WebError.notFound }
        var columns: [CompareColumn] = []
        for task in tasks {
            let row = TaskView(task: task, renderer: renderer, language: context.language).row()
            columns.append(CompareColumn(task: row, outputs: TaskView.outputs(try await visibleOutputs(of: task.id, to: try context.requireViewer()),
                                                                              taskID: task.id)))
        }
        let title = renderer.text("compare_title", in: context.language)
        let page = ComparePage(title: title, prompt: tasks[0].prompt, isRunning: tasks.contains { !$0.status.isSettled }, columns: columns)
        return renderer.respond {
            CompiledTemplates.compare(page, layout: renderer.layout(title: title, context: context), locale: context.language.rawValue, into: &$0)
        }
    }

    /// A task's outputs without another member's private ones (see the gallery's privacy).
    private func visibleOutputs(of taskID: String, to viewer: Viewer) async throws -> [TaskOutputRecord] {
        let outputs = try await team.tasks.outputs(taskID: taskID)
        guard let viewerID = viewer.member.id else { return [] }
        let hidden = try await team.gallery.hiddenPositions(taskID: taskID, viewerID: viewerID)
        return hidden.isEmpty ? outputs : outputs.filter { !hidden.contains($0.position) }
    }

    /// The task's state as JSON, for the page's script that follows a running task.
    private func status(_ context: RequestContext) async throws -> Response {
        let task = try await task(context)
        let text = renderer.text("task_status_\(task.status.rawValue)", in: context.language)
        let body = JSONValue.object([
            ("status", .string(task.status.rawValue)), ("label", .string(text)), ("progress", .number(String(task.progress))),
            ("final", .bool(task.status.isSettled)),
            ("elapsed", .string(TaskView.elapsed(from: task.createdAt, to: task.finishedAt ?? Date()))),
        ]).serialized()
        var response = Response(status: .ok, contentType: "application/json", text: body)
        response.headers.set("cache-control", "no-store")
        return response
    }

    private func submission(_ context: RequestContext) throws -> String {
        guard let key = context.request.form["submission"], key.utf8.count >= 16, key.utf8.count <= 64 else {
            throw WebError.badRequest(messageKey: "error_invalid_field", detail: "submission")
        }
        return key
    }

    /// Runs an action of the task's owner (or a lead); goes to the new task when one was made.
    private func act(_ context: RequestContext, _ body: (TaskRecord, Member) async throws -> String?) async throws -> Response {
        let viewer = try context.requireViewer()
        let task = try await task(context)
        guard viewer.member.id == task.memberId || viewer.isLead else { throw WebError.forbidden }
        do {
            if let newID = try await body(task, viewer.member) { return .redirect(to: "/tasks/\(newID)") }
            return .redirect(to: "/tasks/\(task.id)")
        } catch let refusal as TaskActionRefusal {
            let key: String = switch refusal {
            case .notFound: "task_action_not_found"
            case .notNow: "task_action_not_now"
            case .notSupported: "task_action_not_supported"
            case .provider: "task_action_provider"
            }
            return .redirect(to: Flash.redirect("/tasks/\(task.id)", done: key))
        } catch let refusal as SubmitRefusal {
            if case .overBudget = refusal { return .redirect(to: Flash.redirect("/tasks/\(task.id)", done: "task_action_over_budget")) }
            return .redirect(to: Flash.redirect("/tasks/\(task.id)", done: "task_action_not_now"))
        }
    }
}
