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
    func view(renderer: PageRenderer, language: Language) -> PagerView {
        let first = (page - 1) * pageSize + 1
        let range = shown > 0
            ? renderer.text("pager_range", in: language,
                            filling: ["first": String(first), "last": String(first + shown - 1), "total": String(total)])
            : nil
        let previous = page > 1 ? "\(path)?page=\(min(page - 1, max(1, (total + pageSize - 1) / pageSize)))" : nil
        let next = first - 1 + shown < total ? "\(path)?page=\(page + 1)" : nil
        return PagerView(range: range, previous: previous, next: next, isPaged: previous != nil || next != nil)
    }
}

/// What a paged list shows around its rows: "51–100 of 135" and the links to the pages around.
struct PagerView {
    let range: String?
    let previous: String?
    let next: String?
    let isPaged: Bool
}
