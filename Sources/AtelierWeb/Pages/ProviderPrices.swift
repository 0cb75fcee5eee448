import AtelierEngine
import AtelierStore
import FastCGI
import Foundation
import RelayClient
import TaskEngine

/// The price table on a provider's page: set a route's price (for any model or one model),
/// remove one, change the provider's one unit, and import what a new-api relay publishes at
/// `/api/pricing`. Lead only; every change is in the audit log (written by `PriceStore`).
struct ProviderPrices: Sendable {
    let renderer: PageRenderer
    let team: Team
    let connector: ProviderConnector

    func register(in router: inout Router) {
        router.post("/providers/:id/prices", access: .atLeast(.lead)) { context in try await set(context) }
        router.post("/providers/:id/prices/remove", access: .atLeast(.lead)) { context in try await remove(context) }
        router.post("/providers/:id/prices/unit", access: .atLeast(.lead)) { context in try await setUnit(context) }
        router.post("/providers/:id/prices/import", access: .atLeast(.lead), holdsWorker: true) { context in try await importPrices(context) }
    }

    /// The fields of the price form, kept when it comes back.
    static let keptFields = ["route", "model", "basis", "amount"]

    private var page: ProviderPage { ProviderPage(renderer: renderer, team: team, connector: connector) }

    private func record(_ context: RequestContext) async throws -> ProviderRecord {
        guard let record = try await team.providers.find(id: try context.id()) else { throw WebError.notFound }
        return record
    }

    private func set(_ context: RequestContext) async throws -> Response {
        let record = try await record(context)
        let form = context.request.form
        var values: [String: String] = [:]
        for field in Self.keptFields { values[field] = (form[field] ?? "").trimmingCharacters(in: .whitespaces) }
        let route = values["route"] ?? "", model = values["model"] ?? "", amountText = values["amount"] ?? ""
        var problems: [FieldError] = []
        let provider = try? ProviderConnector.provider(for: record)
        if !(provider.map(PriceBook.routes(for:)) ?? []).contains(route) { problems.append(FieldError(field: "route", code: "invalid_choice")) }
        let basis = PriceBasis(rawValue: values["basis"] ?? "")
        if basis == nil || !PriceBook.bases(for: route).contains(basis ?? .call) {
            problems.append(FieldError(field: "basis", code: "invalid_choice"))
        }
        let amount = Double(amountText)
        if amountText.isEmpty {
            problems.append(FieldError(field: "amount", code: "required"))
        } else if let problem = PriceStore.check(amount: amount, field: "amount") {
            problems.append(problem)
        }
        // The model's own rules, so every problem shows in one round trip.
        problems += PriceStore.validate(PriceRecord(providerId: 0, route: route, model: model, basis: .call, amount: 0))
            .filter { $0.field == "model" }
        do {
            guard problems.isEmpty, let basis, let amount, let id = record.id else { throw ValidationFailure(problems) }
            try await team.prices.set(PriceRecord(providerId: id, route: route, model: model, basis: basis, amount: amount),
                                      defaults: PriceBook.defaults(for: record), by: try context.actor())
        } catch let failure as ValidationFailure {
            var state = FormState(values: values)
            state.add(failure, renderer: renderer, language: context.language)
            return try await page.show(context, record: record, settings: nil, priceForm: state, status: .unprocessableContent)
        }
        return .redirect(to: Flash.redirect("/providers/\(record.id ?? 0)", done: "price_set"))
    }

    private func remove(_ context: RequestContext) async throws -> Response {
        let record = try await record(context)
        let form = context.request.form
        do {
            try await team.prices.remove(providerID: record.id ?? 0, route: form["route"] ?? "", model: form["model"] ?? "",
                                         defaults: PriceBook.defaults(for: record), by: try context.actor())
        } catch StoreError.notFound {
            throw WebError.notFound
        }
        return .redirect(to: Flash.redirect("/providers/\(record.id ?? 0)", done: "price_removed"))
    }

    private func setUnit(_ context: RequestContext) async throws -> Response {
        let record = try await record(context)
        let unit = (context.request.form["unit"] ?? "").trimmingCharacters(in: .whitespaces)
        do {
            try await team.prices.setUnit(providerID: record.id ?? 0, unit: unit, defaults: PriceBook.defaults(for: record), by: try context.actor())
        } catch let failure as ValidationFailure {
            var state = FormState(values: ["unit": unit])
            state.add(failure, renderer: renderer, language: context.language)
            return try await page.show(context, record: record, settings: nil, priceForm: state, status: .unprocessableContent)
        }
        return .redirect(to: Flash.redirect("/providers/\(record.id ?? 0)", done: "price_unit_changed"))
    }

    /// Reads the relay's `/api/pricing` with the provider's active key and writes the prices of
    /// the routes it offers.
    private func importPrices(_ context: RequestContext) async throws -> Response {
        let record = try await record(context)
        let language = context.language
        guard let id = record.id, let provider = try? ProviderConnector.provider(for: record), provider.publishesPricing else {
            throw WebError.notFound
        }
        func problem(_ detail: String) async throws -> Response {
            let text = renderer.text("prices_import_failed", in: language) + " " + detail
            return try await page.show(context, record: record, settings: nil, priceProblem: text, status: .unprocessableContent)
        }
        let pricing: RelayPricing
        do {
            pricing = try await connector.client(for: record).client.pricing()
        } catch let error as RelayError {
            return try await problem(renderer.text("failure_\(error.category.rawValue)", in: language))
        } catch let error as ConnectorError {
            return try await problem(error.description)
        }
        let prices = RelayPriceImport.prices(from: pricing, providerID: id, provider: provider)
        guard !prices.isEmpty else { return try await problem(renderer.text("prices_import_none", in: language)) }
        do {
            _ = try await team.prices.importPrices(prices, unit: pricing.unit, providerID: id, defaults: PriceBook.defaults(for: record),
                                                   by: try context.actor())
        } catch let failure as ValidationFailure {
            return try await problem(failure.errors.map { FieldMessages.text(for: $0, renderer: renderer, language: language) }.joined(separator: " "))
        }
        return .redirect(to: Flash.redirect("/providers/\(id)", done: "prices_imported"))
    }
}
