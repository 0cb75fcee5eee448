import FastCGI

/// The home page: what Atelier is and what it can talk to (static text, in the template).
struct HomeController: Sendable {
    let renderer: PageRenderer

    func register(in router: inout Router) {
        router.get("/") { context in show(context) }
    }

    func show(_ context: RequestContext) -> Response {
        let page: [String: Any] = ["title": renderer.text("home_title", in: context.language)]
        return renderer.render("home", page: page, language: context.language, path: context.request.path)
    }
}
