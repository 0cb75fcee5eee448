import FastCGI
import Foundation
import Logging

/// Builds the application from its configuration; `main` and the tests both call it.
public enum ApplicationBuilder {
    /// Loads templates and wires every controller into one router.
    public static func build(templatesDirectory: URL, version: String, logger: Logger) async throws -> AtelierApp {
        let renderer = try PageRenderer(templatesDirectory: templatesDirectory, version: version)
        var router = Router()
        HealthController(version: version).register(in: &router)
        HomeController(renderer: renderer).register(in: &router)
        LanguageController().register(in: &router)
        return AtelierApp(router: router, renderer: renderer, logger: logger)
    }
}
