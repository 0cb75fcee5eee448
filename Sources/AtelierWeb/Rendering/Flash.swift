/// The one-line confirmation a page shows after a change: POST handlers redirect with
/// `?done=<what>`, and the page shows the translation of `done_<what>` (unknown values show nothing).
enum Flash {
    static func redirect(_ path: String, done: String) -> String {
        path + (path.contains("?") ? "&" : "?") + "done=" + done
    }

    static func message(_ context: RequestContext, renderer: PageRenderer) -> String? {
        guard let done = context.request.queryValue("done"), done.utf8.count <= 40,
              done.allSatisfy({ $0.isLetter || $0 == "_" }), renderer.hasText("done_" + done)
        else { return nil }
        return renderer.text("done_" + done, in: context.language)
    }
}
