import AtelierStore
import Foundation
import FastCGI

/// The home page: what Atelier is and what it can talk to; a sign-in button before sign-in;
/// signed in, the member's running tasks, the team's newest outputs and their budgets left,
/// and for the lead, banners for low balances and keys about to expire.
struct HomeController: Sendable {
    let renderer: PageRenderer
    let team: Team

    /// The gallery's queries over the team's database.
    private var gallery: GalleryStore { team.gallery }

    /// The team's newest outputs the signed-in home page shows.
    static let latestCount = 12

    func register(in router: inout Router) {
        // Before sign-in the page depends on nothing but the language (no name, no alerts, no
        // form), so it is rendered once per language here, from the same template.
        var signedOutPages: [Language: Response] = [:]
        for language in Language.allCases {
            signedOutPages[language] = render(RequestContext(request: Request(method: "GET", path: "/"), parameters: [:], language: language))
                .prepared()
        }
        let signedOutPage: ImmediateHandler = { [signedOutPages] context in signedOutPages[context.language] }
        router.get("/", access: .anyone, immediate: signedOutPage) { context in
            if context.viewer == nil, let page = signedOutPage(context) { return page }
            return try await show(context)
        }
    }

    /// The page rendered for this request: what `GET /` shows a signed-in member.
    func show(_ context: RequestContext) async throws -> Response {
        guard let viewer = context.viewer, let viewerID = viewer.member.id else { return render(context) }
        let language = context.language
        let running = try await gallery.runningTasks(memberID: viewerID).map { [texts = PageTexts(renderer: renderer, language: language)] in TaskView.row($0, texts: texts) }
        let latest = try await gallery.page(viewerID: viewerID, filter: GalleryFilter(), from: .first, limit: Self.latestCount).tiles
            .map { GalleryTiles.view($0, query: "", canSelect: false) }
        let price = PriceText(renderer: renderer, language: language)
        let budgets = try await team.budgets.all(month: UsageEntry.month(of: Date()), memberID: viewerID).map { listing in
            StudioBudget(provider: listing.providerName, limit: Formatting.amount(listing.budget.monthlyLimit),
                         remaining: Formatting.amount(max(0, listing.remaining)), isOver: listing.remaining <= 0,
                         unpriced: price.unpriced(listing.unpriced))
        }
        return render(context, alerts: viewer.isLead ? try await alerts(language) : [], running: running, latest: latest, budgets: budgets)
    }

    private func render(_ context: RequestContext, alerts: [HomeAlert] = [], running: [TaskRow] = [], latest: [GalleryTileView] = [],
                        budgets: [StudioBudget] = []) -> Response {
        let page = HomePage(alerts: alerts, signedIn: context.viewer != nil, running: running, hasRunning: !running.isEmpty,
                            latest: latest, hasLatest: !latest.isEmpty, budgets: budgets, hasBudgets: !budgets.isEmpty)
        let layout = renderer.layout(title: renderer.text("home_title", in: context.language), context: context)
        return renderer.respond { CompiledTemplates.home(page, layout: layout, locale: context.language.rawValue, into: &$0) }
    }

    /// Low balances (under the provider's threshold) and key reminders, as lines of text.
    private func alerts(_ language: Language) async throws -> [HomeAlert] {
        let latest = try await team.balances.latest()
        let text = AlertText(renderer: renderer, language: language)
        var lines: [HomeAlert] = []
        for provider in try await team.providers.all() {
            guard let id = provider.id, let threshold = provider.warningThreshold, let reading = latest[id],
                  !reading.isUnlimited, reading.amount < threshold else { continue }
            lines.append(HomeAlert(text: text.lowBalance(provider: provider.name, reading: reading, threshold: threshold), href: "/balances"))
        }
        for reminder in try await team.keys.reminders() {
            lines.append(HomeAlert(text: text.keyReminder(provider: reminder.providerName, listing: reminder.listing),
                                   href: "/providers/\(reminder.listing.key.providerId)"))
        }
        return lines
    }
}
