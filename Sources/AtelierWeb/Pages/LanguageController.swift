import AtelierStore
import FastCGI

/// `GET /lang/:code?next=/path`: remembers the reader's language in a cookie and, for a signed-in
/// member, on their account (where it wins over the cookie and `Accept-Language` in any browser),
/// and goes back.
struct LanguageController: Sendable {
    let team: Team

    func register(in router: inout Router) {
        router.get("/lang/:code", access: .anyone) { context in try await choose(context) }
    }

    func choose(_ context: RequestContext) async throws -> Response {
        guard let language = Language(rawValue: context.parameters["code"] ?? "") else { throw WebError.notFound }
        if let member = context.viewer?.member, let id = member.id, member.language != language.rawValue {
            try await team.members.setLanguage(language.rawValue, of: id)
        }
        var response = Response.redirect(to: ReturnPath.safe(context.request.queryValue("next")))
        let secure = context.request.scheme == "https" ? "; Secure" : ""
        response.headers.add("set-cookie", "\(Language.cookieName)=\(language.rawValue); Path=/; Max-Age=31536000; SameSite=Lax\(secure)")
        return response
    }
}
