import AtelierStore
import FastCGI
import Foundation

/// The audit log, newest first, a page at a time, filterable by action.
struct AuditController: Sendable {
    let renderer: PageRenderer
    let team: Team
    static let pageSize = 100

    func register(in router: inout Router) {
        router.get("/audit", access: .atLeast(.lead)) { context in try await show(context) }
    }

    private func show(_ context: RequestContext) async throws -> Response {
        let before = context.request.queryValue("before").flatMap(Int64.init)
        let action = context.request.queryValue("action").map(TextLimit.shortValue.cut) ?? ""
        let events = try await team.audit.page(limit: Self.pageSize + 1, before: before, action: action)
        let shown = events.prefix(Self.pageSize)
        let rows = shown.map { event in
            AuditRow(at: Formatting.time(event.at), actor: event.actorName, action: event.action, target: event.target,
                     detail: event.detail, address: event.remoteAddress, isFailure: event.action.hasSuffix(".failed"))
        }
        var older: String?
        if events.count > Self.pageSize, let last = shown.last?.id {
            older = "/audit?before=\(last)" + (action.isEmpty ? "" : "&action=\(action.queryValueEscaped)")
        }
        let page = AuditPage(action: action, events: rows, isEmpty: rows.isEmpty, older: older)
        let layout = renderer.layout(title: renderer.text("audit_title", in: context.language), context: context)
        return renderer.respond { CompiledTemplates.audit(page, layout: layout, locale: context.language.rawValue, into: &$0) }
    }
}
