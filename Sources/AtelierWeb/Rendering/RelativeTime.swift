import Foundation

/// How long ago something happened, in the reader's language ("just now", "5 min ago",
/// "3 h ago", "2 days ago"); pages show it in a `<time>` whose title is the exact time.
enum RelativeTime {
    static func text(_ date: Date, now: Date, renderer: PageRenderer, language: Language) -> String {
        let interval = now.timeIntervalSince(date)
        guard interval.isFinite, interval >= 60 else { return renderer.text("time_just_now", in: language) }
        guard interval < 3600 else {
            guard interval < 86_400 else {
                let days = interval < 1e9 ? Int(interval / 86_400) : 11_574
                return renderer.text("time_days_ago", in: language, filling: ["n": String(days)])
            }
            return renderer.text("time_hours_ago", in: language, filling: ["n": String(Int(interval / 3600))])
        }
        return renderer.text("time_minutes_ago", in: language, filling: ["n": String(Int(interval / 60))])
    }
}
