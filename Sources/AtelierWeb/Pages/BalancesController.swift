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
    /// The providers' charts, drawn again only when their history or threshold changes.
    let charts = BalanceChartCache()

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
        var rows: [BalanceRow] = []
        var warnings: [String] = []
        var totals: [String: Double] = [:]
        for provider in providers {
            guard let id = provider.id else { continue }
            guard let reading = latest[id] else {
                rows.append(BalanceRow(
                    id: String(id), name: provider.name, isDemo: provider.isDemo, hasEndpoint: BalanceRefresher.hasBalanceEndpoint(provider),
                    error: provider.lastBalanceError, errorAt: provider.lastBalanceErrorAt.map(Formatting.time),
                    hasReading: false, amount: nil, unit: nil, readAt: nil, used: nil, hasDaysLeft: false, daysLeft: nil,
                    dailySpend: nil, isLow: false, threshold: nil, chart: nil))
                continue
            }
            let history = series[id] ?? []
            let pace = BalanceStore.dailySpend(history.filter { $0.time >= paceSince })
            let daysLeft = BalanceStore.daysLeft(balance: reading.amount, dailySpend: pace)
            let isLow = provider.warningThreshold.map { !reading.isUnlimited && reading.amount < $0 } ?? false
            rows.append(BalanceRow(
                id: String(id), name: provider.name, isDemo: provider.isDemo, hasEndpoint: BalanceRefresher.hasBalanceEndpoint(provider),
                error: provider.lastBalanceError, errorAt: provider.lastBalanceErrorAt.map(Formatting.time),
                hasReading: true,
                amount: reading.isUnlimited ? renderer.text("balances_unlimited", in: language) : Formatting.amount(reading.amount),
                unit: reading.unit, readAt: Formatting.time(reading.readAt), used: reading.used.map(Formatting.amount),
                hasDaysLeft: daysLeft != nil, daysLeft: daysLeft.map(Formatting.oneDecimal), dailySpend: pace.map(Formatting.amount),
                isLow: isLow, threshold: provider.warningThreshold.map(Formatting.amount),
                chart: charts.chart(points: history, threshold: provider.warningThreshold)))
            if isLow, let threshold = provider.warningThreshold {
                warnings.append(AlertText(renderer: renderer, language: language)
                    .lowBalance(provider: provider.name, reading: reading, threshold: threshold))
            }
            if !reading.isUnlimited { totals[reading.unit, default: 0] += reading.amount }
        }
        let page = BalancesPage(
            flash: Flash.message(context, renderer: renderer), problem: nil, warnings: warnings, hasTotals: !totals.isEmpty,
            totals: totals.sorted { $0.key < $1.key }.map { BalanceTotal(amount: Formatting.amount($0.value), unit: $0.key) },
            providers: rows)
        let layout = renderer.layout(title: renderer.text("balances_title", in: language), context: context)
        return renderer.respond { CompiledTemplates.balances(page, layout: layout, locale: language.rawValue, into: &$0) }
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
