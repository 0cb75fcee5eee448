import AtelierStore

/// A small line chart of a provider's balance history, drawn on the server as SVG coordinates
/// for the `balances` template (no script, no external image).
struct BalanceChart: Sendable {
    /// The drawing area: the `viewBox` of the `balances` template.
    static let width = 300.0
    static let height = 60.0

    /// `points` for an SVG polyline, and the y of the threshold line. `points` holds only digits,
    /// `.`, `-`, `,` and spaces made here from numbers, so the template inserts it unescaped
    /// (escaping long coordinate lists was a tenth of the page's time).
    let points: String
    let thresholdY: String?
    let hasThreshold: Bool

    /// nil with fewer than two points.
    init?(points series: [BalanceStore.Point], threshold: Double?) {
        guard series.count >= 2, let first = series.first?.time, let last = series.last?.time else { return nil }
        let amounts = series.map(\.amount) + (threshold.map { [$0] } ?? [])
        let low = amounts.min() ?? 0, high = amounts.max() ?? 0
        let span = max(last - first, 1)
        let range = high - low > 0 ? high - low : 1
        func y(_ amount: Double) -> Double { Self.height - 4 - (amount - low) / range * (Self.height - 8) }
        var text: [UInt8] = []
        text.reserveCapacity(series.count * 12)
        for point in series {
            if !text.isEmpty { text.append(UInt8(ascii: " ")) }
            Formatting.appendOneDecimal((point.time - first) / span * Self.width, to: &text)
            text.append(UInt8(ascii: ","))
            Formatting.appendOneDecimal(y(point.amount), to: &text)
        }
        points = String(decoding: text, as: UTF8.self)
        thresholdY = threshold.map { Formatting.oneDecimal(y($0)) }
        hasThreshold = threshold != nil
    }
}

/// Charts already drawn, by what they are drawn from: the balances page draws twenty of them
/// on every load from histories that change a few times a day.
struct BalanceChartCache: Sendable {
    /// What a chart is drawn from, with the history folded into a hash.
    private struct Key: Hashable, Sendable {
        let threshold: Double?
        let count: Int
        let history: Int
    }

    private let drawn = VersionedCache<Key, BalanceChart?>(limit: 512)

    /// The chart of `points` with `threshold`, drawn once for the same points and threshold.
    func chart(points: [BalanceStore.Point], threshold: Double?) -> BalanceChart? {
        var hasher = Hasher()
        for point in points {
            hasher.combine(point.time)
            hasher.combine(point.amount)
        }
        let key = Key(threshold: threshold, count: points.count, history: hasher.finalize())
        if let kept = drawn.kept(key, at: 0) { return kept }
        let chart = BalanceChart(points: points, threshold: threshold)
        drawn.keep(chart, for: key, at: 0)
        return chart
    }
}
