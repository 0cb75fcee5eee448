import AtelierStore
import FastCGI
import Foundation

/// Sign-in and sign-out. Sessions rotate at sign-in; failures are slowed down per account and
/// per address; every outcome is audited.
struct SignInController: Sendable {
    let renderer: PageRenderer
    let team: Team

    func register(in router: inout Router) {
        router.get("/signin", access: .anyone) { context in try show(context) }
        router.post("/signin", access: .anyone) { context in try await signIn(context) }
        router.post("/signout", access: .atLeast(.viewer)) { context in try await signOut(context) }
    }

    private func show(_ context: RequestContext) throws -> Response {
        let next = ReturnPath.safe(context.request.queryValue("next"))
        if context.viewer != nil { return .redirect(to: next) }
        return page(context, form: FormState(values: ["name": "", "next": next]), message: nil)
    }

    private func signIn(_ context: RequestContext) async throws -> Response {
        let form = context.request.form
        // Cut to a name's limit (bytes and characters) before the throttle or the audit log sees it.
        let name = TextLimit.memberName.cut((form["name"] ?? "").trimmingCharacters(in: .whitespaces))
        let password = form["password"] ?? ""
        let next = ReturnPath.safe(form["next"])
        var state = FormState(values: ["name": name, "next": next])
        state.errors["password"] = renderer.text("signin_failed", in: context.language)
        guard !name.isEmpty else { return page(context, form: state, message: nil, status: .unprocessableContent) }

        // The try is counted before the password is checked (one transaction), so concurrent
        // tries cannot all pass the throttle before any failure is recorded.
        let attempt: SignInThrottle.Attempt
        switch try await team.throttle.begin(name: name, address: context.request.remoteAddress) {
        case .wait(let wait):
            state.errors = [:]
            let message = renderer.text("signin_wait", in: context.language, filling: ["seconds": String(Int(wait))])
            var response = page(context, form: state, message: message, status: .tooManyRequests)
            response.headers.set("retry-after", String(Int(wait)))
            return response
        case .go(let reserved):
            attempt = reserved
        }
        guard !password.isEmpty, TextLimit.password.allows(password),
              let member = try await team.members.authenticate(name: name, password: password)
        else {
            try await team.throttle.failed(attempt)
            return page(context, form: state, message: nil, status: .unprocessableContent)
        }
        try await team.throttle.succeeded(attempt)
        let (token, _) = try await team.sessions.start(for: member, from: context.request.remoteAddress,
                                                       replacing: context.request.cookies[Cookies.session])
        var response = Response.redirect(to: next)
        response.headers.add("set-cookie", Cookies.set(Cookies.session, token, maxAge: Int(team.sessions.lifetime), request: context.request))
        response.headers.add("set-cookie", Cookies.clear(Cookies.anonymousCSRF, request: context.request))
        return response
    }

    private func signOut(_ context: RequestContext) async throws -> Response {
        if let token = context.request.cookies[Cookies.session] {
            try await team.sessions.end(token: token, by: try context.actor())
        }
        var response = Response.redirect(to: "/signin")
        response.headers.add("set-cookie", Cookies.clear(Cookies.session, request: context.request))
        return response
    }

    /// The sign-in page; issues the anonymous CSRF cookie when the browser has none.
    private func page(_ context: RequestContext, form: FormState, message: String?, status: HTTPStatus = .ok) -> Response {
        let token = context.csrfToken.isEmpty ? SessionStore.randomToken() : context.csrfToken
        let pageContext = RequestContext(request: context.request, parameters: context.parameters, language: context.language,
                                         viewer: nil, csrfToken: token)
        let page = SignInPage(form: FormView(form), message: message)
        let layout = renderer.layout(title: renderer.text("signin_title", in: context.language), context: pageContext)
        var response = renderer.respond(status: status) {
            CompiledTemplates.signin(page, layout: layout, locale: context.language.rawValue, into: &$0)
        }
        if context.csrfToken.isEmpty {
            response.headers.add("set-cookie", Cookies.set(Cookies.anonymousCSRF, token, maxAge: 86_400, request: context.request))
        }
        return response
    }
}
