import AtelierStore
import Foundation

/// A small line chart of a provider's balance history, drawn on the server as SVG coordinates
/// for the `balances` template (no script, no external image).
struct BalanceChart {
    static let width = 300.0
    static let height = 60.0

    /// `points` for an SVG polyline, and the y of the threshold line when it falls in range.
    let points: String
    let thresholdY: String?

    /// nil with fewer than two readings.
    init?(readings: [BalanceReading], threshold: Double?) {
        guard readings.count >= 2, let first = readings.first?.readAt, let last = readings.last?.readAt else { return nil }
        let amounts = readings.map(\.amount) + (threshold.map { [$0] } ?? [])
        let low = amounts.min() ?? 0, high = amounts.max() ?? 0
        let span = max(last.timeIntervalSince(first), 1)
        let range = high - low > 0 ? high - low : 1
        func y(_ amount: Double) -> Double { Self.height - 4 - (amount - low) / range * (Self.height - 8) }
        points = readings.map { reading in
            let x = reading.readAt.timeIntervalSince(first) / span * Self.width
            return String(format: "%.1f,%.1f", x, y(reading.amount))
        }.joined(separator: " ")
        thresholdY = threshold.map { String(format: "%.1f", y($0)) }
    }

    var templateValue: [String: Any] {
        ["points": points, "thresholdY": thresholdY as Any, "width": Int(Self.width), "height": Int(Self.height)]
    }
}
