/// The view of `home.mustache`: what Atelier is, the sign-in button before sign-in, the lead's
/// banners, and for a signed-in member their running tasks, the team's newest outputs and
/// their budgets left.
struct HomePage {
    /// Low balances and keys about to expire (the lead only).
    let alerts: [HomeAlert]
    let signedIn: Bool
    /// The member's tasks under way, with their progress.
    var running: [TaskRow] = []
    var hasRunning = false
    /// The team's newest outputs, as gallery tiles.
    var latest: [GalleryTileView] = []
    var hasLatest = false
    /// This month's budgets of the member, with what is left.
    var budgets: [StudioBudget] = []
    var hasBudgets = false
}

/// One banner of the home page, linking to where it can be dealt with.
struct HomeAlert {
    let text: String
    let href: String
}
