import Foundation

/// How long ago something happened, in the reader's language ("just now", "5 min ago",
/// "3 h ago", "2 days ago"); pages show it in a `<time>` whose title is the exact time.
enum RelativeTime {
    /// The unit a span is told in.
    enum Unit: Int {
        case justNow, minutes, hours, days
    }

    /// A span rounded down to its largest unit (under a minute, or in the future: just now).
    struct Span {
        let count: Int
        let unit: Unit
    }

    static func span(from date: Date, to now: Date) -> Span {
        let interval = now.timeIntervalSince(date)
        guard interval.isFinite, interval >= 60 else { return Span(count: 0, unit: .justNow) }
        if interval < 3600 { return Span(count: Int(interval / 60), unit: .minutes) }
        if interval < 86_400 { return Span(count: Int(interval / 3600), unit: .hours) }
        return Span(count: interval < 1e9 ? Int(interval / 86_400) : 11_574, unit: .days)
    }

    static func text(_ date: Date, now: Date, renderer: PageRenderer, language: Language) -> String {
        text(span(from: date, to: now), renderer: renderer, language: language)
    }

    static func text(_ span: Span, renderer: PageRenderer, language: Language) -> String {
        let key: String
        switch span.unit {
        case .justNow: return renderer.text("time_just_now", in: language)
        case .minutes: key = "time_minutes_ago"
        case .hours: key = "time_hours_ago"
        case .days: key = "time_days_ago"
        }
        return renderer.text(key, in: language, filling: ["n": String(span.count)])
    }
}
