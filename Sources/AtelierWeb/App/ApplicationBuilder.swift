import AtelierEngine
import AtelierMedia
import AtelierStore
import FastCGI
import Logging
import TaskEngine

/// Builds the application from its configuration; `main` and the tests both call it.
public enum ApplicationBuilder {
    /// Wires every controller into one router over the team's stores, the
    /// engine's provider connector and balance refresher, and the task engine with its media folder.
    public static func build(version: String, team: Team, refresher: BalanceRefresher,
                             tasks: TaskEngine, media: MediaKeeper, workerCount: Int = 8, logger: Logger) -> AtelierApp {
        let connector = refresher.connector
        let renderer = PageRenderer(version: version)
        var router = Router(longRequests: LongRequestGate(workerCount: workerCount))
        HealthController(version: version).register(in: &router)
        HomeController(renderer: renderer, team: team).register(in: &router)
        LanguageController(team: team).register(in: &router)
        SignInController(renderer: renderer, team: team).register(in: &router)
        AccountController(renderer: renderer, team: team).register(in: &router)
        MembersController(renderer: renderer, team: team).register(in: &router)
        AuditController(renderer: renderer, team: team).register(in: &router)
        ProvidersController(renderer: renderer, team: team, connector: connector).register(in: &router)
        ProviderPage(renderer: renderer, team: team, connector: connector).register(in: &router)
        ProviderPrices(renderer: renderer, team: team, connector: connector).register(in: &router)
        BalancesController(renderer: renderer, team: team, refresher: refresher).register(in: &router)
        BudgetsController(renderer: renderer, team: team).register(in: &router)
        UsageController(renderer: renderer, team: team).register(in: &router)
        StudioController(renderer: renderer, team: team, engine: tasks, media: media).register(in: &router)
        TasksController(renderer: renderer, team: team, engine: tasks).register(in: &router)
        let gallery = team.gallery
        GalleryCurationController(renderer: renderer, gallery: gallery, mediaFolder: tasks.mediaFolder).register(in: &router)
        GalleryZipController(gallery: gallery, mediaFolder: tasks.mediaFolder).register(in: &router)
        GalleryController(renderer: renderer, team: team, gallery: gallery).register(in: &router)
        FilesController(team: team, gallery: gallery).register(in: &router)
        HooksController(engine: tasks).register(in: &router)
        ChatController(renderer: renderer, team: team, connector: connector, logger: logger).register(in: &router)
        return AtelierApp(router: router, renderer: renderer, sessions: team.sessions, logger: logger)
    }
}
