import ArgumentParser
import AtelierWeb
import FastCGI
import Foundation
import Logging

/// `atelier-server`: the FastCGI process nginx talks to.
@main
struct AtelierServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atelier-server",
        abstract: "Atelier's FastCGI server; run it behind nginx.",
        version: AtelierVersion.current
    )

    @Option(help: "Where to listen: a unix socket path (unix:/path or /path) or 127.0.0.1:PORT.")
    var listen: String = "unix:var/run/atelier.sock"

    @Option(help: "Octal mode of the unix socket, so nginx's workers can open it.")
    var socketMode: String = "660"

    @Option(help: "Group to give the unix socket (e.g. www-data).")
    var socketGroup: String?

    @Option(help: "Worker threads: the most requests in flight at once, streams included.")
    var workers: Int = 8

    @Option(help: "Largest request body in bytes; larger ones get 413.")
    var maxBody: Int = 20 * 1024 * 1024

    @Option(help: "Folder of the mustache templates and locales.")
    var templates: String = "Templates"

    @Option(help: "Folder for uploads in flight (removed after each request).")
    var uploads: String = NSTemporaryDirectory()

    @Option(help: "Seconds in-flight requests get after SIGTERM/SIGINT.")
    var gracePeriod: Int = 10

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        var logger = Logger(label: "atelier")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info

        guard let mode = mode_t(socketMode, radix: 8) else {
            throw ValidationError("--socket-mode must be octal, e.g. 660")
        }
        guard let address = ListenAddress(parsing: listen, mode: mode, group: socketGroup) else {
            throw ValidationError("--listen must be unix:/path, /path or 127.0.0.1:PORT")
        }
        let app = try await ApplicationBuilder.build(
            templatesDirectory: URL(fileURLWithPath: templates), version: AtelierVersion.current, logger: logger)
        let server = FastCGIServer(
            configuration: ServerConfiguration(
                listen: address, workerCount: workers, maxBodyBytes: maxBody,
                uploadDirectory: URL(fileURLWithPath: uploads), gracePeriod: .seconds(gracePeriod)),
            responder: app, logger: logger)
        try await server.run()
    }
}
