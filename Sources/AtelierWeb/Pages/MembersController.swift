import AtelierStore
import FastCGI

/// The lead's member pages: the list and the form to add one; a member's own page to change the
/// role, disable, reset the password or remove.
struct MembersController: Sendable {
    let renderer: PageRenderer
    let team: Team

    func register(in router: inout Router) {
        router.get("/members", access: .atLeast(.lead)) { context in try await list(context, form: FormState(values: ["role": "member"])) }
        router.get("/members/:id", access: .atLeast(.lead)) { context in try await show(context, memberID: try context.id()) }
        router.post("/members", access: .atLeast(.lead)) { context in try await add(context) }
        router.post("/members/:id/role", access: .atLeast(.lead)) { context in try await setRole(context) }
        router.post("/members/:id/disable", access: .atLeast(.lead)) { context in try await setDisabled(context, true) }
        router.post("/members/:id/enable", access: .atLeast(.lead)) { context in try await setDisabled(context, false) }
        router.post("/members/password", access: .atLeast(.lead)) { context in try await resetPassword(context) }
        router.post("/members/:id/remove", access: .atLeast(.lead)) { context in try await remove(context) }
    }

    private func list(_ context: RequestContext, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        let members = try await team.members.all()
        let language = context.language
        let labels = StatusLabels(renderer: renderer, language: language)
        let since = renderer.text("members_since", in: language)
        // Rows carry ready-made strings, as few as the row shows: every tag costs a lookup through
        // the context stack. The forms that change a member are on the member's own page.
        let rows = members.map { member in
            MemberRow(
                id: String(member.id ?? 0), displayName: member.displayName,
                subtitle: "\(member.name) · \(since) \(Formatting.time(member.createdAt))",
                roleLabel: labels.role(member.role), isDisabled: member.isDisabled,
                statusClass: member.isDisabled ? "warn" : "ok", statusLabel: labels.status(member))
        }
        let selectedRole = form.values["role"] ?? "member"
        let page = MembersPage(
            flash: Flash.message(context, renderer: renderer), problem: nil, members: rows, form: FormView(form),
            roles: roleChoices(selected: selectedRole, language: language), minimumPassword: MemberStore.minimumPasswordLength)
        let layout = renderer.layout(title: renderer.text("members_title", in: language), context: context)
        return renderer.respond(status: status) {
            CompiledTemplates.members(page, layout: layout, locale: language.rawValue, into: &$0)
        }
    }

    /// A member's page: facts, and (for anyone but the viewer) the role, disable, remove and
    /// password reset forms. `problem` is why the last change was refused.
    private func show(_ context: RequestContext, memberID: Int64, problem: String? = nil,
                      status: HTTPStatus = .ok) async throws -> Response {
        let viewer = try context.requireViewer()
        guard let member = try await team.members.find(id: memberID) else { throw WebError.notFound }
        let language = context.language
        let labels = StatusLabels(renderer: renderer, language: language)
        let details = MemberDetails(
            id: String(memberID), name: member.name, displayName: member.displayName,
            roleLabel: labels.role(member.role), statusClass: member.isDisabled ? "warn" : "ok",
            statusLabel: labels.status(member), createdAt: Formatting.time(member.createdAt), isYou: member.id == viewer.member.id,
            toggleAction: member.isDisabled ? "enable" : "disable",
            toggleLabel: renderer.text(member.isDisabled ? "members_enable" : "members_disable", in: language),
            roles: roleChoices(selected: member.role.rawValue, language: language))
        let page = MemberPage(flash: Flash.message(context, renderer: renderer), problem: problem, member: details,
                              minimumPassword: MemberStore.minimumPasswordLength)
        let layout = renderer.layout(title: member.displayName, context: context)
        return renderer.respond(status: status) {
            CompiledTemplates.member(page, layout: layout, locale: language.rawValue, into: &$0)
        }
    }

    private func roleChoices(selected: String, language: Language) -> [RoleChoice] {
        Role.allCases.map { role in
            RoleChoice(value: role.rawValue, label: renderer.text("role_\(role.rawValue)", in: language), selected: role.rawValue == selected)
        }
    }

    /// The words for a member's role and state, looked up once per page.
    private struct StatusLabels {
        let roles: [Role: String]
        let active: String
        let disabled: String

        init(renderer: PageRenderer, language: Language) {
            roles = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, renderer.text("role_\($0.rawValue)", in: language)) })
            active = renderer.text("members_active", in: language)
            disabled = renderer.text("members_disabled", in: language)
        }

        func role(_ role: Role) -> String { roles[role] ?? role.rawValue }
        func status(_ member: Member) -> String { member.isDisabled ? disabled : active }
    }

    private func add(_ context: RequestContext) async throws -> Response {
        let form = context.request.form
        let values = ["name": form["name"] ?? "", "display_name": form["display_name"] ?? "", "role": form["role"] ?? ""]
        var state = FormState(values: values)
        guard let role = Role(rawValue: values["role"] ?? "") else {
            state.errors["role"] = renderer.text("field_invalid_choice", in: context.language)
            return try await list(context, form: state, status: .unprocessableContent)
        }
        do {
            try await team.members.add(name: values["name"] ?? "", displayName: values["display_name"] ?? "", role: role,
                                       password: form["password"] ?? "", by: try context.actor())
        } catch let failure as ValidationFailure {
            state.add(failure, renderer: renderer, language: context.language)
            return try await list(context, form: state, status: .unprocessableContent)
        }
        return .redirect(to: Flash.redirect("/members", done: "member_added"))
    }

    private func setRole(_ context: RequestContext) async throws -> Response {
        guard let role = Role(rawValue: context.request.form["role"] ?? "") else {
            throw WebError.badRequest(messageKey: "error_invalid_field", detail: "role")
        }
        return try await change(context, done: "member_changed") { id, actor in
            try await team.members.setRole(role, of: id, by: actor)
        }
    }

    private func setDisabled(_ context: RequestContext, _ disabled: Bool) async throws -> Response {
        try await change(context, done: disabled ? "member_disabled" : "member_enabled") { id, actor in
            try await team.members.setDisabled(disabled, memberID: id, by: actor)
        }
    }

    private func resetPassword(_ context: RequestContext) async throws -> Response {
        let password = context.request.form["password"] ?? ""
        guard let memberID = context.request.form["member"].flatMap(Int64.init) else {
            throw WebError.badRequest(messageKey: "error_invalid_field", detail: "member")
        }
        do {
            return try await change(context, memberID: memberID, done: "password_reset") { id, actor in
                try await team.members.resetPassword(memberID: id, to: password, by: actor)
            }
        } catch let failure as ValidationFailure {
            let message = failure.errors.map { FieldMessages.text(for: $0, renderer: renderer, language: context.language) }
            let problem = renderer.text("members_reset_failed", in: context.language) + " " + message.joined(separator: " ")
            return try await show(context, memberID: memberID, problem: problem, status: .unprocessableContent)
        }
    }

    private func remove(_ context: RequestContext) async throws -> Response {
        try await change(context, done: "member_removed") { id, actor in
            try await team.members.remove(memberID: id, by: actor)
        }
    }

    /// Runs a change on the member in the path; the last lead's protection comes back as a message.
    private func change(_ context: RequestContext, memberID: Int64? = nil, done: String,
                        _ body: (Int64, Actor) async throws -> Void) async throws -> Response {
        let id = try memberID ?? context.id()
        do {
            try await body(id, try context.actor())
        } catch StoreError.notFound {
            throw WebError.notFound
        } catch StoreError.lastLead {
            return try await show(context, memberID: id, problem: renderer.text("members_last_lead", in: context.language), status: .conflict)
        }
        return .redirect(to: Flash.redirect("/members", done: done))
    }
}
