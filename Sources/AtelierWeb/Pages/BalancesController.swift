import AtelierEngine
import AtelierStore
import FastCGI
import Foundation

/// Every provider's balance with the time of its reading, a 30-day chart, the days left at the
/// recent pace, warnings below each provider's threshold, and the sum of every relay per unit.
/// Readings come from the background refresh and from the refresh button.
struct BalancesController: Sendable {
    let renderer: PageRenderer
    let team: Team
    let refresher: BalanceRefresher

    func register(in router: inout Router) {
        router.get("/balances", access: .atLeast(.lead)) { context in try await show(context) }
        router.post("/balances/refresh", access: .atLeast(.lead), holdsWorker: true) { context in try await refresh(context) }
    }

    private func show(_ context: RequestContext) async throws -> Response {
        let language = context.language
        let providers = try await team.providers.all()
        let latest = try await team.balances.latest()
        // One point per 8 hours over 30 days: 90 points, plenty for a 300-pixel chart.
        let series = try await team.balances.chartSeries(since: Date().addingTimeInterval(-30 * 86_400))
        let paceSince = Date().addingTimeInterval(-7 * 86_400).timeIntervalSince1970
        var rows: [[String: Any]] = []
        var warnings: [String] = []
        var totals: [String: Double] = [:]
        for provider in providers {
            guard let id = provider.id else { continue }
            // Rows hold no optionals (a missing value is a missing key) and sections test booleans:
            // swift-mustache looks names up in a string or optional section's value by reflection.
            var row: [String: Any] = ["id": String(id), "name": provider.name, "isDemo": provider.isDemo,
                                      "hasEndpoint": BalanceRefresher.hasBalanceEndpoint(provider)]
            if let error = provider.lastBalanceError { row["error"] = error }
            if let errorAt = provider.lastBalanceErrorAt { row["errorAt"] = Formatting.time(errorAt) }
            if let reading = latest[id] {
                let history = series[id] ?? []
                let pace = BalanceStore.dailySpend(history.filter { $0.time >= paceSince })
                let daysLeft = BalanceStore.daysLeft(balance: reading.amount, dailySpend: pace)
                let isLow = provider.warningThreshold.map { !reading.isUnlimited && reading.amount < $0 } ?? false
                row["amount"] = reading.isUnlimited ? renderer.text("balances_unlimited", in: language) : Formatting.amount(reading.amount)
                row["unit"] = reading.unit
                row["readAt"] = Formatting.time(reading.readAt)
                if let used = reading.used { row["used"] = Formatting.amount(used) }
                row["hasReading"] = true
                if let daysLeft { row["daysLeft"] = Formatting.oneDecimal(daysLeft); row["hasDaysLeft"] = true }
                if let pace { row["dailySpend"] = Formatting.amount(pace) }
                row["isLow"] = isLow
                if let threshold = provider.warningThreshold { row["threshold"] = Formatting.amount(threshold) }
                if let chart = BalanceChart(points: history, threshold: provider.warningThreshold) { row["chart"] = chart.templateValue }
                if isLow, let threshold = provider.warningThreshold {
                    warnings.append(AlertText(renderer: renderer, language: language)
                        .lowBalance(provider: provider.name, reading: reading, threshold: threshold))
                }
                if !reading.isUnlimited { totals[reading.unit, default: 0] += reading.amount }
            }
            rows.append(row)
        }
        let page: [String: Any] = [
            "title": renderer.text("balances_title", in: language),
            "flash": Flash.message(context, renderer: renderer) as Any,
            "providers": rows,
            "warnings": warnings,
            "totals": totals.sorted { $0.key < $1.key }.map { ["amount": Formatting.amount($0.value), "unit": $0.key] },
            "hasTotals": !totals.isEmpty,
        ]
        return renderer.render(.balances, page: page, context: context)
    }

    private func refresh(_ context: RequestContext) async throws -> Response {
        if let only = context.request.form["provider"].flatMap(Int64.init) {
            _ = await refresher.refresh(providerID: only)
        } else {
            _ = await refresher.refreshAll()
        }
        return .redirect(to: Flash.redirect("/balances", done: "balances_refreshed"))
    }
}
