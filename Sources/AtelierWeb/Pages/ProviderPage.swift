import AtelierEngine
import AtelierStore
import FastCGI
import Foundation
import RelayClient

/// One provider's page: its settings form, its keys with spend and expiry, and the forms to
/// add, rotate and revoke keys. Secrets are never written into it: keys show as masks, and a
/// form that comes back keeps everything typed except the secret.
struct ProviderPage: Sendable {
    let renderer: PageRenderer
    let team: Team
    let connector: ProviderConnector

    func register(in router: inout Router) {
        router.get("/providers/:id", access: .atLeast(.lead)) { context in
            let id = try context.id()
            guard let record = try await team.providers.find(id: id) else { throw WebError.notFound }
            return try await show(context, record: record, settings: nil)
        }
        router.post("/providers/:id/test", access: .atLeast(.lead), holdsWorker: true) { context in try await testConnection(context) }
        router.post("/providers/:id/keys", access: .atLeast(.lead)) { context in try await addKey(context) }
        router.post("/providers/:id/keys/:key/rotate", access: .atLeast(.lead)) { context in try await rotateKey(context) }
        router.post("/providers/:id/keys/:key/revoke", access: .atLeast(.lead)) { context in try await revokeKey(context) }
    }

    /// Renders the page; `settings` and `keyForm` carry a form that came back with problems.
    func show(_ context: RequestContext, record: ProviderRecord, settings: FormState?, keyForm: FormState = FormState(),
              priceForm: FormState? = nil, rotateProblem: String? = nil, priceProblem: String? = nil, test: ConnectionTestBanner? = nil,
              status: HTTPStatus = .ok) async throws -> Response {
        guard let id = record.id else { throw WebError.notFound }
        let language = context.language
        let settings = settings ?? FormState(values: [
            "name": record.name, "base_url": record.baseURL, "auth_kind": record.authKind.rawValue, "auth_header": record.authHeader ?? "",
            "midjourney_mode": record.midjourneyMode ?? "", "warning_threshold": record.warningThreshold.map(Formatting.amount) ?? "",
            "dashboard_user_id": record.dashboardUserID ?? "",
        ])
        let keys = try await team.keys.list(providerID: id).map { listing in
            KeyRow(id: listing.key.id ?? 0, label: listing.key.label, mask: listing.key.mask,
                   status: renderer.text("key_status_\(listing.key.status.rawValue)", in: language), isActive: listing.key.status == .active,
                   spent: Formatting.amount(listing.spent), unit: listing.unit ?? "", expiresOn: listing.key.expiresOn ?? "",
                   needsReminder: listing.needsReminder, createdAt: Formatting.time(listing.key.createdAt))
        }
        let preset = Presets.named(record.preset)
        let facts = ProviderFacts(
            id: id, name: record.name, isDemo: record.isDemo, baseURL: record.baseURL,
            preset: PresetName.text(id: record.preset, renderer: renderer, language: language),
            isCustom: record.preset == "custom",
            families: preset?.families.map { renderer.text("protocol_\($0.rawValue)", in: language) }.joined(separator: ", ") ?? "",
            needsPair: record.authKind == .accessKeyPair, hasDashboardToken: record.sealedDashboardToken != nil,
            auth: renderer.text("auth_\(record.authKind.rawValue)", in: language) + (record.authHeader.map { " (\($0))" } ?? ""))
        let page = ProviderView(
            flash: Flash.message(context, renderer: renderer), problem: rotateProblem, provider: facts, settings: ProviderFormView(settings),
            modes: ProviderForm.modeChoices(selected: settings.values["midjourney_mode"]),
            auths: ProviderForm.authChoices(selected: settings.values["auth_kind"], renderer: renderer, language: language),
            keys: keys, hasKeys: !keys.isEmpty, keyForm: KeyFormView(keyForm), test: test,
            prices: try await PriceTablePage(renderer: renderer, team: team)
                .view(for: record, form: priceForm, problem: priceProblem, language: language))
        let layout = renderer.layout(title: record.name, context: context)
        return renderer.respond(status: status) { CompiledTemplates.provider(page, layout: layout, locale: language.rawValue, into: &$0) }
    }

    private func provider(_ context: RequestContext) async throws -> ProviderRecord {
        guard let record = try await team.providers.find(id: try context.id()) else { throw WebError.notFound }
        return record
    }

    /// Asks the provider for its models (or balance) with the active key and shows the outcome.
    /// A relay with no call to test with is said so plainly; nothing was tried, so nothing is audited.
    private func testConnection(_ context: RequestContext) async throws -> Response {
        let record = try await provider(context)
        let test = await connector.testConnection(record)
        let language = context.language
        if test.isUntestable {
            return try await show(context, record: record, settings: nil,
                                  test: ConnectionTestBanner(tone: "banner", message: renderer.text("providers_test_untestable", in: language)))
        }
        var message = renderer.text(test.succeeded ? "providers_test_ok" : "providers_test_failed", in: language)
        if let category = test.category, renderer.hasText("failure_\(category.rawValue)") {
            message += " " + renderer.text("failure_\(category.rawValue)", in: language)
        }
        message += " \(test.message) (\(test.elapsedMilliseconds) ms)"
        try await team.audit.record(try context.actor(), test.succeeded ? "provider.tested" : "provider.test_failed",
                                    target: record.name, detail: test.message)
        return try await show(context, record: record, settings: nil,
                              test: ConnectionTestBanner(tone: test.succeeded ? "flash" : "problem", message: message))
    }

    private func secret(from form: FormData) -> ProviderSecret {
        ProviderSecret(key: form["secret"] ?? "", pairSecret: form["pair_secret"])
    }

    private func addKey(_ context: RequestContext) async throws -> Response {
        let record = try await provider(context)
        let form = context.request.form
        let values = ["label": form["label"] ?? "", "expires_on": form["expires_on"] ?? ""]
        do {
            try await team.keys.add(providerID: try context.id(), label: values["label"] ?? "", secret: secret(from: form),
                                    expiresOn: values["expires_on"], by: try context.actor())
        } catch let failure as ValidationFailure {
            var state = FormState(values: values)
            state.add(failure, renderer: renderer, language: context.language)
            return try await show(context, record: record, settings: nil, keyForm: state, status: .unprocessableContent)
        }
        return .redirect(to: Flash.redirect("/providers/\(record.id ?? 0)", done: "key_added"))
    }

    private func rotateKey(_ context: RequestContext) async throws -> Response {
        let record = try await provider(context)
        let keyID = try context.id("key")
        let form = context.request.form
        do {
            try await requireKey(keyID, of: record)
            try await team.keys.rotate(keyID: keyID, to: secret(from: form), expiresOn: form["expires_on"], by: try context.actor())
        } catch let failure as ValidationFailure {
            let messages = failure.errors.map { FieldMessages.text(for: $0, renderer: renderer, language: context.language) }
            let problem = renderer.text("keys_rotate_failed", in: context.language) + " " + messages.joined(separator: " ")
            return try await show(context, record: record, settings: nil, rotateProblem: problem, status: .unprocessableContent)
        } catch StoreError.notFound {
            throw WebError.notFound
        }
        return .redirect(to: Flash.redirect("/providers/\(record.id ?? 0)", done: "key_rotated"))
    }

    private func revokeKey(_ context: RequestContext) async throws -> Response {
        let record = try await provider(context)
        let keyID = try context.id("key")
        do {
            try await requireKey(keyID, of: record)
            try await team.keys.revoke(keyID: keyID, by: try context.actor())
        } catch StoreError.notFound {
            throw WebError.notFound
        }
        return .redirect(to: Flash.redirect("/providers/\(record.id ?? 0)", done: "key_revoked"))
    }

    /// A key id in the path must belong to the provider in the path.
    private func requireKey(_ keyID: Int64, of record: ProviderRecord) async throws {
        guard let id = record.id, try await team.keys.list(providerID: id).contains(where: { $0.key.id == keyID }) else {
            throw StoreError.notFound
        }
    }
}
