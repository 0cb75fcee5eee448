/// The view of `home.mustache`: what Atelier is, the sign-in button before sign-in, and the
/// lead's banners.
struct HomePage {
    /// Low balances and keys about to expire (the lead only).
    let alerts: [HomeAlert]
    let signedIn: Bool
}

/// One banner of the home page, linking to where it can be dealt with.
struct HomeAlert {
    let text: String
    let href: String
}
