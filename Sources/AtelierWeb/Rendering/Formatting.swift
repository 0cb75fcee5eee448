import Foundation

/// How times and amounts read on pages: times in UTC (the server's clock, the same for every
/// reader), amounts with as many decimals as they need.
enum Formatting {
    static func time(_ date: Date) -> String {
        let parts = Calendar.utcGregorian.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0)
    }

    static func amount(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e12 { return String(format: "%.0f", value) }
        let text = String(format: abs(value) >= 100 ? "%.2f" : "%.4f", value)
        var trimmed = Substring(text)
        while trimmed.hasSuffix("0") { trimmed.removeLast() }
        if trimmed.hasSuffix(".") { trimmed.removeLast() }
        return String(trimmed)
    }
}

extension Calendar {
    static let utcGregorian: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
