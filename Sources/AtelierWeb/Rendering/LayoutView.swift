/// What the shared layout and navigation show on every compiled page (`layout.mustache`,
/// `partials/nav.mustache`), made by `PageRenderer.layout`. Its fields are the layout's root names:
/// a template reaches them from any depth.
struct LayoutView {
    /// The page's title, before " · Atelier".
    let title: String
    /// The token every form of the page carries.
    let csrf: String
    let version: String
    /// The request path, query-escaped, for the language switch's `next`.
    let returnPath: String
    let nav: [NavigationItem]
    /// The signed-in member, nil before sign-in.
    let viewer: ViewerView?
}

/// One entry of the main navigation.
struct NavigationItem {
    let href: String
    let label: String
    let active: Bool
}

/// The signed-in member as the navigation shows them.
struct ViewerView {
    let name: String
    let displayName: String
    let isLead: Bool
    /// The role's name in the page's language.
    let role: String
}
