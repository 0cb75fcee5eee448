import AtelierStore
import FastCGI
import Foundation

/// Monthly budgets per member and provider: the list with this month's spend, a page at a time,
/// and the form to set or remove one.
struct BudgetsController: Sendable {
    let renderer: PageRenderer
    let team: Team
    /// Budgets per page: 50 members with a budget on each of 20 providers make a thousand.
    static let pageSize = 50

    func register(in router: inout Router) {
        router.get("/budgets", access: .atLeast(.lead)) { context in try await list(context, form: FormState()) }
        router.post("/budgets", access: .atLeast(.lead)) { context in try await set(context) }
    }

    private func list(_ context: RequestContext, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        let month = UsageEntry.month(of: Date())
        let requested = context.request.queryValue("page").flatMap(Int.init).map { min(max($0, 1), 100_000) } ?? 1
        let (listings, total) = try await team.budgets.page(month: month, limit: Self.pageSize, offset: (requested - 1) * Self.pageSize)
        let prices = PriceText(renderer: renderer, language: context.language)
        let budgets = listings.map { listing in
            BudgetRow(member: listing.memberName, provider: listing.providerName, limit: Formatting.amount(listing.budget.monthlyLimit),
                      spent: Formatting.amount(listing.spent), remaining: Formatting.amount(listing.remaining),
                      share: Formatting.percent(listing.spent, of: listing.budget.monthlyLimit), isOver: listing.remaining <= 0,
                      unpriced: prices.unpriced(listing.unpriced))
        }
        let members = try await team.members.all().filter { $0.role != .viewer }
        let providers = try await team.providers.all()
        let pager = Pager(page: requested, pageSize: Self.pageSize, total: total, shown: listings.count, path: "/budgets")
        let page = BudgetsPage(
            flash: Flash.message(context, renderer: renderer), problem: nil, pager: pager.view(renderer: renderer, language: context.language),
            month: month, budgets: budgets, isEmpty: total == 0, form: BudgetForm(form),
            members: members.map { BudgetChoice(id: $0.id ?? 0, name: $0.displayName, selected: "\($0.id ?? 0)" == form.values["member"]) },
            providers: providers.map { BudgetChoice(id: $0.id ?? 0, name: $0.name, selected: "\($0.id ?? 0)" == form.values["provider"]) })
        let layout = renderer.layout(title: renderer.text("budgets_title", in: context.language), context: context)
        return renderer.respond(status: status) {
            CompiledTemplates.budgets(page, layout: layout, locale: context.language.rawValue, into: &$0)
        }
    }

    private func set(_ context: RequestContext) async throws -> Response {
        let form = context.request.form
        let values = ["member": form["member"] ?? "", "provider": form["provider"] ?? "",
                      "monthly_limit": (form["monthly_limit"] ?? "").trimmingCharacters(in: .whitespaces)]
        var state = FormState(values: values)
        var problems: [FieldError] = []
        let memberID = Int64(values["member"] ?? "")
        let providerID = Int64(values["provider"] ?? "")
        if memberID == nil { problems.append(FieldError(field: "member", code: "invalid_choice")) }
        if providerID == nil { problems.append(FieldError(field: "provider", code: "invalid_choice")) }
        var limit: Double?
        if let text = values["monthly_limit"], !text.isEmpty {
            limit = Double(text)
            if limit == nil { problems.append(FieldError(field: "monthly_limit", code: "not_a_positive_number")) }
        }
        do {
            guard problems.isEmpty, let memberID, let providerID else { throw ValidationFailure(problems) }
            try await team.budgets.set(memberID: memberID, providerID: providerID, monthlyLimit: limit, by: try context.actor())
        } catch let failure as ValidationFailure {
            state.add(failure, renderer: renderer, language: context.language)
            return try await list(context, form: state, status: .unprocessableContent)
        } catch StoreError.notFound {
            state.add(ValidationFailure([FieldError(field: "member", code: "invalid_choice")]), renderer: renderer, language: context.language)
            return try await list(context, form: state, status: .unprocessableContent)
        }
        return .redirect(to: Flash.redirect("/budgets", done: limit == nil ? "budget_removed" : "budget_set"))
    }
}
