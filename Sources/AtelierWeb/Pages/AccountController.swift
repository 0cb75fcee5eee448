import AtelierStore
import FastCGI

/// A member's own account: who they are, and changing their password.
struct AccountController: Sendable {
    let renderer: PageRenderer
    let team: Team

    func register(in router: inout Router) {
        router.get("/account", access: .atLeast(.viewer)) { context in try show(context, form: FormState()) }
        router.post("/account/password", access: .atLeast(.viewer)) { context in try await changePassword(context) }
    }

    private func show(_ context: RequestContext, form: FormState, status: HTTPStatus = .ok) throws -> Response {
        let viewer = try context.requireViewer()
        let facts = AccountFacts(
            name: viewer.member.name, displayName: viewer.member.displayName,
            role: renderer.text("role_\(viewer.member.role.rawValue)", in: context.language),
            passwordChangedAt: Formatting.time(viewer.member.passwordChangedAt),
            sessionExpiresAt: Formatting.time(viewer.session.expiresAt))
        let page = AccountPage(flash: Flash.message(context, renderer: renderer), problem: nil, member: facts, form: FormView(form),
                               minimumPassword: MemberStore.minimumPasswordLength)
        let layout = renderer.layout(title: renderer.text("account_title", in: context.language), context: context)
        return renderer.respond(status: status) {
            CompiledTemplates.account(page, layout: layout, locale: context.language.rawValue, into: &$0)
        }
    }

    private func changePassword(_ context: RequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let form = context.request.form
        let new = form["new_password"] ?? ""
        if new != (form["confirm_password"] ?? "") {
            var state = FormState()
            state.errors["confirm_password"] = renderer.text("field_mismatch", in: context.language)
            return try show(context, form: state, status: .unprocessableContent)
        }
        do {
            try await team.members.changeOwnPassword(
                memberID: viewer.session.memberId, current: form["current_password"] ?? "", new: new,
                keepingSession: viewer.session.tokenDigest, by: try context.actor())
        } catch let failure as ValidationFailure {
            var state = FormState()
            state.add(failure, renderer: renderer, language: context.language)
            return try show(context, form: state, status: .unprocessableContent)
        }
        return .redirect(to: Flash.redirect("/account", done: "password_changed"))
    }
}
