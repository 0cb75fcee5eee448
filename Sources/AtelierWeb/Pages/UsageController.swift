import AtelierStore
import FastCGI
import Foundation

/// Spend per member, provider, model and day for a month, and the month's entries as CSV.
struct UsageController: Sendable {
    let renderer: PageRenderer
    let team: Team

    func register(in router: inout Router) {
        router.get("/usage", access: .atLeast(.lead)) { context in try await show(context) }
        router.get("/usage.csv", access: .atLeast(.lead)) { context in try await csv(context) }
    }

    /// The month asked for (`yyyy-MM`), or this month; anything else is a 400 naming the field.
    private func month(_ context: RequestContext) throws -> String {
        guard let text = context.request.queryValue("month"), !text.isEmpty else { return UsageEntry.month(of: Date()) }
        let parts = text.split(separator: "-")
        guard text.count == 7, parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
              (2000...2200).contains(year), (1...12).contains(month)
        else { throw WebError.badRequest(messageKey: "error_invalid_field", detail: "month") }
        return text
    }

    private func show(_ context: RequestContext) async throws -> Response {
        let month = try month(context)
        let summary = try await team.usage.summary(month: month)
        var months = try await team.usage.months()
        let current = UsageEntry.month(of: Date())
        if !months.contains(current) { months.insert(current, at: 0) }
        if !months.contains(month) { months.append(month) }
        func rows(_ lines: [UsageStore.Line]) -> [UsageLine] {
            lines.map { UsageLine(label: $0.label, unit: $0.unit, amount: Formatting.amount($0.amount), entries: $0.entries) }
        }
        let page = UsagePage(
            month: month, months: months.map { UsageMonth(value: $0, selected: $0 == month) }, isEmpty: summary.totals.isEmpty,
            totals: rows(summary.totals), byMember: rows(summary.byMember), byProvider: rows(summary.byProvider),
            byModel: rows(summary.byModel), byDay: rows(summary.byDay))
        let layout = renderer.layout(title: renderer.text("usage_title", in: context.language), context: context)
        return renderer.respond { CompiledTemplates.usage(page, layout: layout, locale: context.language.rawValue, into: &$0) }
    }

    private func csv(_ context: RequestContext) async throws -> Response {
        let month = try month(context)
        let collector = CSVCollector()
        collector.append(["created_at", "day", "member", "provider", "model", "amount", "unit", "task_id", "api_key_id"])
        try await team.usage.forEachEntry(month: month) { entry in
            collector.append([
                Formatting.iso8601(entry.createdAt), entry.day, entry.memberName, entry.providerName, entry.model,
                entry.isPriced ? String(entry.amount) : "", entry.unit, entry.taskID ?? "", entry.apiKeyId.map(String.init) ?? "",
            ])
        }
        var headers: HeaderFields = ["content-type": "text/csv; charset=utf-8", "cache-control": "no-store",
                                     "x-content-type-options": "nosniff"]
        headers.set("content-disposition", "attachment; filename=\"atelier-usage-\(month).csv\"")
        return Response(status: .ok, headers: headers, body: .bytes(collector.bytes))
    }
}
