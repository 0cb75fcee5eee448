/// Every page template Atelier renders with swift-mustache, by name (compiled pages such as
/// `audit` and `balances` are checked when they are built). `PageRenderer.render` takes one of these, so
/// the list of templates checked at start-up is the list of templates rendered: a missing file
/// stops the server before its first request instead of failing the page that needs it.
public enum PageTemplate: String, CaseIterable, Sendable {
    case task, tasks, compare

    /// The templates pages include (the layout they extend, their partials), checked with the pages.
    static let shared = ["layout", "partials/nav", "partials/flash", "partials/output"]
}
