import AtelierEngine
import AtelierStore
import FastCGI
import Foundation
import RelayClient

/// The lead's provider pages: the list with key reminders, adding from a preset or as a custom
/// relay, editing and removing.
struct ProvidersController: Sendable {
    let renderer: PageRenderer
    let team: Team
    let connector: ProviderConnector

    func register(in router: inout Router) {
        router.get("/providers", access: .atLeast(.lead)) { context in try await list(context, form: FormState(values: ["preset": "kfc-v50"])) }
        router.post("/providers", access: .atLeast(.lead)) { context in try await add(context) }
        router.post("/providers/:id", access: .atLeast(.lead)) { context in try await update(context) }
        router.post("/providers/:id/remove", access: .atLeast(.lead)) { context in try await remove(context) }
    }

    private func list(_ context: RequestContext, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        let providers = try await team.providers.all()
        let masks = try await team.keys.activeMasks()
        let rows = providers.compactMap { provider -> ProviderRow? in
            guard let id = provider.id else { return nil }
            let active = masks[id] ?? []
            return ProviderRow(id: id, name: provider.name, baseURL: provider.baseURL, isDemo: provider.isDemo,
                               preset: PresetName.text(id: provider.preset, renderer: renderer, language: context.language),
                               masks: active.joined(separator: ", "), hasNoKey: active.isEmpty)
        }
        let alerts = AlertText(renderer: renderer, language: context.language)
        let reminders = try await team.keys.reminders().map { alerts.keyReminder(provider: $0.providerName, listing: $0.listing) }
        let page = ProvidersPage(
            flash: Flash.message(context, renderer: renderer), problem: nil, reminders: reminders, providers: rows, form: ProviderFormView(form),
            presets: ProviderForm.presetChoices(selected: form.values["preset"], renderer: renderer, language: context.language),
            modes: ProviderForm.modeChoices(selected: form.values["midjourney_mode"]),
            auths: ProviderForm.authChoices(selected: form.values["auth_kind"], renderer: renderer, language: context.language))
        let layout = renderer.layout(title: renderer.text("providers_title", in: context.language), context: context)
        return renderer.respond(status: status) {
            CompiledTemplates.providers(page, layout: layout, locale: context.language.rawValue, into: &$0)
        }
    }

    private func add(_ context: RequestContext) async throws -> Response {
        let form = ProviderForm(context.request.form)
        var state = FormState(values: form.values)
        let problems = form.problems + (await addressProblems(form.input))
        if !problems.isEmpty {
            state.add(ValidationFailure(problems + ProviderStore.validate(form.input).filter { error in
                !problems.contains { $0.field == error.field }
            }), renderer: renderer, language: context.language)
            return try await list(context, form: state, status: .unprocessableContent)
        }
        do {
            let record = try await team.providers.add(form.input, dashboardToken: form.dashboardToken, by: try context.actor())
            return .redirect(to: Flash.redirect("/providers/\(record.id ?? 0)", done: "provider_added"))
        } catch let failure as ValidationFailure {
            state.add(failure, renderer: renderer, language: context.language)
            return try await list(context, form: state, status: .unprocessableContent)
        }
    }

    private func update(_ context: RequestContext) async throws -> Response {
        let id = try context.id()
        guard let record = try await team.providers.find(id: id) else { throw WebError.notFound }
        let form = ProviderForm(context.request.form, editing: record)
        do {
            let problems = form.problems + (await addressProblems(form.input))
            if !problems.isEmpty { throw ValidationFailure(problems) }
            try await team.providers.update(id: id, form.input, dashboardToken: form.dashboardToken, by: try context.actor())
        } catch let failure as ValidationFailure {
            var state = FormState(values: form.values)
            state.add(failure, renderer: renderer, language: context.language)
            return try await ProviderPage(renderer: renderer, team: team, connector: connector).show(context, record: record, settings: state,
                                                                               status: .unprocessableContent)
        }
        return .redirect(to: Flash.redirect("/providers/\(id)", done: "provider_changed"))
    }

    /// The base URL's problem when it reaches the server's own network (see `RelayAddressPolicy`).
    private func addressProblems(_ input: ProviderStore.Input) async -> [FieldError] {
        guard await connector.addressPolicy.refusal(for: input.baseURL) != nil else { return [] }
        return [FieldError(field: "base_url", code: "private_address")]
    }

    private func remove(_ context: RequestContext) async throws -> Response {
        do {
            try await team.providers.remove(id: try context.id(), by: try context.actor())
        } catch StoreError.notFound {
            throw WebError.notFound
        }
        return .redirect(to: Flash.redirect("/providers", done: "provider_removed"))
    }
}
