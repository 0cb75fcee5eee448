import Foundation

/// The translated texts one page prints many times (a status, a route's name, "3 days ago"),
/// each looked up and filled in once per page instead of once per row. Made for one request
/// and dropped with it.
final class PageTexts {
    let renderer: PageRenderer
    let language: Language
    /// The time relative texts are measured from, the same for every row of the page.
    let now: Date
    private var texts: [String: String] = [:]
    private var routes: [String: String] = [:]
    private var statuses: [String: String] = [:]
    private var relative: [Int: String] = [:]

    init(renderer: PageRenderer, language: Language, now: Date = Date()) {
        self.renderer = renderer
        self.language = language
        self.now = now
    }

    /// The text of `key` (see `PageRenderer.text`).
    func text(_ key: String) -> String {
        if let known = texts[key] { return known }
        let text = renderer.text(key, in: language)
        texts[key] = text
        return text
    }

    /// A studio route's name (`route_<operation>`).
    func route(_ operation: String) -> String {
        if let known = routes[operation] { return known }
        let text = renderer.text("route_" + operation, in: language)
        routes[operation] = text
        return text
    }

    /// A task status in words (`task_status_<status>`).
    func status(_ key: String) -> String {
        if let known = statuses[key] { return known }
        let text = renderer.text("task_status_" + key, in: language)
        statuses[key] = text
        return text
    }

    /// How long before `now` `date` was (`RelativeTime`), by its rounded figure and unit.
    func ago(_ date: Date) -> String {
        let span = RelativeTime.span(from: date, to: now)
        let key = span.count &* 4 &+ span.unit.rawValue
        if let known = relative[key] { return known }
        let text = RelativeTime.text(span, renderer: renderer, language: language)
        relative[key] = text
        return text
    }
}
