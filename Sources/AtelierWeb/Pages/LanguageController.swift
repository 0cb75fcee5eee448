import FastCGI

/// `GET /lang/:code?next=/path`: remembers the reader's language in a cookie and goes back.
struct LanguageController: Sendable {
    func register(in router: inout Router) {
        router.get("/lang/:code", access: .anyone) { context in try choose(context) }
    }

    func choose(_ context: RequestContext) throws -> Response {
        guard let language = Language(rawValue: context.parameters["code"] ?? "") else { throw WebError.notFound }
        var response = Response.redirect(to: ReturnPath.safe(context.request.queryValue("next")))
        let secure = context.request.scheme == "https" ? "; Secure" : ""
        response.headers.add("set-cookie", "\(Language.cookieName)=\(language.rawValue); Path=/; Max-Age=31536000; SameSite=Lax\(secure)")
        return response
    }
}
