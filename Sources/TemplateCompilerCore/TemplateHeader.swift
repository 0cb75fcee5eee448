/// What a template says about itself in a comment, which the interpreted path ignores:
///
/// - a page: `{{! view: AuditPage }}` names the Swift type of its `page`;
/// - the layout: `{{! layout: LayoutView title csrf nav }}` names the type of the shared values
///   and the names that mean one of its fields at any depth (mustache would find them in the
///   outermost context from inside any section).
public enum TemplateHeader: Equatable, Sendable {
    case view(type: String)
    case layout(type: String, roots: [String])

    /// The header among the top-level comments of `nodes` (also inside a `{{<parent}}`), if any.
    public static func find(in nodes: [TemplateNode]) -> TemplateHeader? {
        for node in nodes {
            switch node {
            case .comment(let text):
                if let header = parse(text) { return header }
            default: continue
            }
        }
        return nil
    }

    static func parse(_ comment: String) -> TemplateHeader? {
        let words = comment.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        guard words.count >= 2 else { return nil }
        switch words[0] {
        case "view:": return .view(type: words[1])
        case "layout:": return .layout(type: words[1], roots: Array(words.dropFirst(2)))
        default: return nil
        }
    }
}
