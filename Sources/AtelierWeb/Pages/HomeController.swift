import FastCGI

/// The home page: what Atelier is and what it can talk to; a sign-in button before sign-in.
struct HomeController: Sendable {
    let renderer: PageRenderer

    func register(in router: inout Router) {
        router.get("/", access: .anyone) { context in show(context) }
    }

    func show(_ context: RequestContext) -> Response {
        let page: [String: Any] = ["title": renderer.text("home_title", in: context.language), "signedIn": context.viewer != nil]
        return renderer.render("home", page: page, context: context)
    }
}
