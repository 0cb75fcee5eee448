/// "51–100 of 135" with links to the pages before and after, for lists shown a page at a time
/// (`?page=N`, from 1).
struct Pager {
    let page: Int
    let pageSize: Int
    let total: Int
    /// Rows on this page.
    let shown: Int
    let path: String

    /// `range` (absent on an empty page), `previous`/`next` links when those pages exist, and
    /// `isPaged` when either does.
    func templateValue(renderer: PageRenderer, language: Language) -> [String: Any] {
        var value: [String: Any] = [:]
        let first = (page - 1) * pageSize + 1
        if shown > 0 {
            value["range"] = renderer.text("pager_range", in: language,
                                           filling: ["first": String(first), "last": String(first + shown - 1), "total": String(total)])
        }
        if page > 1 { value["previous"] = "\(path)?page=\(min(page - 1, max(1, (total + pageSize - 1) / pageSize)))" }
        if first - 1 + shown < total { value["next"] = "\(path)?page=\(page + 1)" }
        value["isPaged"] = value["previous"] != nil || value["next"] != nil
        return value
    }
}
