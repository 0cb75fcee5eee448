import AtelierMedia
import AtelierStore
import FastCGI
import Foundation
import TaskEngine

/// The studio: one form per kind of output (image, music, video, speech). A post writes the
/// task and goes straight to its page; the provider is called in the background.
struct StudioController: Sendable {
    let renderer: PageRenderer
    let team: Team
    let engine: TaskEngine
    let media: MediaKeeper
    /// Each page's provider picker in each language, kept until a provider, key or price changes.
    let menus = VersionedCache<StudioMenu.Key, StudioMenu>()

    func register(in router: inout Router) {
        router.get("/studio", access: .atLeast(.member)) { _ in .redirect(to: "/studio/image") }
        router.get("/studio/:page", access: .atLeast(.member)) { context in
            try await show(context, page: try page(context), form: FormState(values: Self.prefilled(from: context.request)))
        }
        router.post("/studio/:page", access: .atLeast(.member)) { context in try await submit(context, page: try page(context)) }
    }

    /// The form's first values: one output, and any field the link gives (the gallery's "run
    /// again" links here with a task's request), each cut to its field's limit; the post checks
    /// them as it checks anything typed.
    static func prefilled(from request: Request) -> [String: String] {
        var values = ["count": "1"]
        for name in StudioForm.textFields where name != "submission" {
            if let value = request.queryValue(name) { values[name] = (StudioForm.limits[name] ?? .shortValue).cut(value) }
        }
        if request.queryValue("instrumental") == "on" { values["instrumental"] = "on" }
        return values
    }

    private func page(_ context: RequestContext) throws -> StudioRoute.Page {
        guard let page = context.parameters["page"].flatMap(StudioRoute.Page.init(rawValue:)) else { throw WebError.notFound }
        return page
    }

    /// The page's picker at the current provider version (built from data read at that version
    /// or later, so a kept menu is never older than its label).
    private func menu(on page: StudioRoute.Page, language: Language) async throws -> StudioMenu {
        let key = StudioMenu.Key(page: page, language: language)
        let version = try await team.providers.version()
        if let version, let kept = menus.kept(key, at: version) { return kept }
        let choices = try await StudioChoice.all(on: page, providers: try await team.providers.all(), book: PriceBook(team: team))
        let menu = StudioMenu(choices: choices, renderer: renderer, language: language)
        if let version { menus.keep(menu, for: key, at: version) }
        return menu
    }

    private func show(_ context: RequestContext, page: StudioRoute.Page, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        let viewer = try context.requireViewer()
        var form = form
        if (form.values["submission"] ?? "").isEmpty { form.values["submission"] = SubmissionKey.fresh() }
        let language = context.language
        let menu = try await menu(on: page, language: language)
        let selected = form.values["choice"] ?? menu.entries.first?.value ?? ""
        let compared = Set((form.values["compare"] ?? "").split(separator: " ").map(String.init))
        let options = menu.entries.map { entry in
            StudioOption(value: entry.value, label: entry.label, selected: entry.value == selected, compared: compared.contains(entry.value))
        }
        let models = menu.models
        let month = UsageEntry.month(of: Date())
        let budgets = try await team.budgets.all(month: month, memberID: viewer.member.id).map { listing in
            StudioBudget(provider: listing.providerName, limit: Formatting.amount(listing.budget.monthlyLimit),
                         remaining: Formatting.amount(max(0, listing.remaining)), isOver: listing.remaining <= 0,
                         unpriced: PriceText(renderer: renderer, language: language).unpriced(listing.unpriced))
        }
        func presets(_ values: [String], field: String) -> [StudioPreset] {
            values.map { StudioPreset(value: $0, selected: $0 == (form.values[field] ?? "")) }
        }
        let view = StudioPage(
            kind: page.rawValue,
            tabs: StudioRoute.Page.allCases.map { tab in
                StudioTab(href: "/studio/\(tab.rawValue)", label: renderer.text("studio_\(tab.rawValue)_title", in: language), active: tab == page)
            },
            isImage: page == .image, isMusic: page == .music, isVideo: page == .video, isSpeech: page == .speech,
            takesReference: page == .image || page == .video, takesRecording: page == .speech,
            choices: options, hasChoices: !options.isEmpty,
            models: models,
            sizes: presets(["1024x1024", "1792x1024", "1024x1792", "512x512"], field: "size"),
            ratios: presets(["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3"], field: "aspect_ratio"),
            voices: presets(["alloy", "echo", "fable", "onyx", "nova", "shimmer"], field: "voice"),
            instrumental: form.values["instrumental"] == "on",
            budgets: budgets, hasBudgets: !budgets.isEmpty, month: month,
            form: StudioFormView(form))
        let layout = renderer.layout(title: renderer.text("studio_\(page.rawValue)_title", in: language), context: context)
        return renderer.respond(status: status) { CompiledTemplates.studio(view, layout: layout, locale: language.rawValue, into: &$0) }
    }

    private func submit(_ context: RequestContext, page: StudioRoute.Page) async throws -> Response {
        let viewer = try context.requireViewer()
        var form = StudioForm(context.request.form)
        var state = FormState(values: form.values)
        if let choice = form.choice, choice.route.page != page { form.problems.append(FieldError(field: "choice", code: "invalid_choice")) }
        var references: [ReferenceImage] = []
        if form.problems.isEmpty {
            for upload in form.uploads {
                do {
                    let kind: MediaKind = form.choice?.route.uploadKind == .audio ? .audio : .image
                    let kept = try media.keep(data: try Data(contentsOf: upload.location), expecting: kind)
                    references.append(ReferenceImage(path: kept.relativePath, mimeType: kept.mimeType))
                } catch let error as MediaError {
                    // A full or unwritable media folder is the server's fault: a logged 500, not the member's file.
                    if case .storage = error { throw error }
                    form.problems.append(FieldError(field: "reference",
                                                    code: form.choice?.route.uploadKind == .audio ? "not_a_recording" : "not_an_image"))
                }
            }
        }
        let request = form.request(references: references)
        if !form.problems.isEmpty, let request {
            // Show every problem in one round trip: the engine's rules too.
            form.problems += request.validate().filter { error in !form.problems.contains { $0.field == error.field } }
        }
        do {
            guard form.problems.isEmpty, let request, let choice = form.choice else { throw ValidationFailure(form.problems) }
            let key = form.values["submission"] ?? ""
            let order = SubmitOrder(request: request, providerID: choice.providerID, member: viewer.member, idempotencyKey: key)
            guard form.isComparison else {
                return .redirect(to: "/tasks/\(try await engine.submit(order).id)")
            }
            var orders = [order]
            for other in form.compareChoices where other.providerID != choice.providerID || other.route != choice.route {
                var variant = request
                variant.route = other.route
                variant.model = other.route == choice.route ? request.model : other.route.defaultModel
                orders.append(SubmitOrder(request: variant, providerID: other.providerID, member: viewer.member, idempotencyKey: ""))
            }
            for model in form.compareModels where model != request.model {
                var variant = request
                variant.model = model
                orders.append(SubmitOrder(request: variant, providerID: choice.providerID, member: viewer.member, idempotencyKey: ""))
            }
            for index in orders.indices { orders[index].idempotencyKey = "\(key)-\(index)" }
            let group = try await engine.submit(comparing: orders).group
            return .redirect(to: "/tasks/compare/\(group)")
        } catch let failure as ValidationFailure {
            state.add(failure, renderer: renderer, language: context.language)
        } catch SubmitRefusal.invalid(let errors) {
            state.add(ValidationFailure(errors.map(Self.formField)), renderer: renderer, language: context.language)
        } catch SubmitRefusal.overBudget(let limit, let spent, let cost, let unit) {
            state.errors["choice"] = renderer.text(cost == nil ? "studio_over_budget_unpriced" : "studio_over_budget", in: context.language,
                                                   filling: [
                "limit": Formatting.amount(limit) + " " + unit, "spent": Formatting.amount(spent) + " " + unit,
                "cost": Formatting.amount(cost ?? 0) + " " + unit,
            ])
        } catch SubmitRefusal.unavailable {
            state.add(ValidationFailure([FieldError(field: "choice", code: "invalid_choice")]), renderer: renderer, language: context.language)
        }
        return try await show(context, page: page, form: state, status: .unprocessableContent)
    }

    /// Engine field names as the form names them.
    private static func formField(_ error: FieldError) -> FieldError {
        var error = error
        if error.field == "provider" || error.field == "route" { error.field = "choice" }
        return error
    }
}

/// A fresh random token for a form's idempotency key.
enum SubmissionKey {
    static func fresh() -> String { UUID().uuidString.lowercased() }
}
