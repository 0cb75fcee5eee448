import ArgumentParser
import AtelierEngine
import AtelierMedia
import AtelierStore
import AtelierWeb
import FastCGI
import Foundation
import Logging
import RelayClient
import TaskEngine

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

    @Option(help: "Folder for uploads in flight (removed after each request); created 0700 when missing, and must be writable.")
    var uploads: String = NSTemporaryDirectory()

    @Option(help: "Seconds in-flight requests get after SIGTERM/SIGINT.")
    var gracePeriod: Int = 10

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Option(help: "The SQLite file (created with its folder on first start).")
    var database: String = "var/atelier.sqlite"

    @Option(help: "File holding the master key that seals provider keys (created 0600 on first start); ATELIER_MASTER_KEY wins.")
    var masterKeyFile: String = "var/master.key"

    @Option(help: "Name of the lead account made on first start; its password comes from ATELIER_LEAD_PASSWORD or is generated.")
    var leadName: String = "lead"

    @Option(help: "Where a generated first lead password is written (mode 0600) instead of being printed.")
    var initialPasswordFile: String?

    @Option(help: "Base URL of relay-sim, added as the demo provider on a first start with no provider.")
    var demoRelay: String?

    @Option(help: "Minutes between background balance refreshes of every provider; 0 turns them off.")
    var balanceRefreshMinutes: Int = 30

    @Option(help: "Folder of kept outputs and uploads; nginx serves it as its internal /media/ location.")
    var mediaDir: String = "var/media"

    @Option(help: "Hours a session lasts without a request before it must sign in again (1 to 168).")
    var sessionIdleHours: Int = 12

    @Option(help: "Absolute URL providers can reach Atelier at (https://atelier.example.com), for task callbacks; without it tasks are polled only.")
    var publicURL: String?

    @Flag(help: "Let provider base URLs reach loopback, private and link-local addresses (a relay on the team's own network, the local demo relay); refused otherwise.")
    var allowPrivateRelays = false

    func run() async throws {
        MallocArenas.limitToCores()
        var logger = Logger(label: "atelier")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info

        guard (1...168).contains(sessionIdleHours) else {
            throw ValidationError("--session-idle-hours must be between 1 and 168")
        }
        guard let mode = mode_t(socketMode, radix: 8) else {
            throw ValidationError("--socket-mode must be octal, e.g. 660")
        }
        guard let address = ListenAddress(parsing: listen, mode: mode, group: socketGroup) else {
            throw ValidationError("--listen must be unix:/path, /path or 127.0.0.1:PORT")
        }
        try UploadFolder.prepare(uploads)
        let (team, masterKey) = try await openTeam(logger: logger)
        // One HTTP client for every provider call of the process, and one for downloads of
        // outputs (it never follows redirects by itself); both are made on first use and shut
        // down on the way out.
        let transport = AsyncHTTPClientTransport()
        let downloads = DownloadClient()
        let connector = ProviderConnector(team: team, transport: transport,
                                          addressPolicy: allowPrivateRelays ? .anyAddress : .publicOnly)
        let refresher = BalanceRefresher(team: team, connector: connector, logger: logger)
        let mediaFolder = URL(fileURLWithPath: mediaDir)
        let media = MediaKeeper(folder: mediaFolder, downloads: downloads, logger: logger)
        let tasks = TaskEngine(team: team, connector: connector, media: media, mediaFolder: mediaFolder,
                               settings: EngineSettings(publicURL: publicURL), callbackKey: masterKey.derivedKey(for: "callback tokens"),
                               logger: logger)
        let app = ApplicationBuilder.build(
            version: AtelierVersion.current, team: team,
            refresher: refresher, tasks: tasks, media: media, workerCount: workers, logger: logger)
        let server = FastCGIServer(
            configuration: ServerConfiguration(
                listen: address, workerCount: workers, maxBodyBytes: maxBody,
                uploadDirectory: URL(fileURLWithPath: uploads), gracePeriod: .seconds(gracePeriod)),
            responder: app, logger: logger)
        let background = balanceRefreshMinutes > 0
            ? Task { await refresher.run(every: .seconds(balanceRefreshMinutes * 60)) } : nil
        let engine = Task { await tasks.run() }
        // Outputs kept before thumbnails existed get theirs here, in the background.
        let derivativesPass = Task(priority: .background) { await tasks.fillMissingDerivatives() }
        do {
            try await server.run()
        } catch {
            background?.cancel()
            engine.cancel()
            derivativesPass.cancel()
            try? await downloads.shutdown()
            try? await transport.shutdown()
            throw error
        }
        background?.cancel()
        engine.cancel()
        derivativesPass.cancel()
        await engine.value
        await derivativesPass.value
        try await downloads.shutdown()
        try await transport.shutdown()
    }

    /// Opens the database, checks the master key against it, and prepares a first start.
    private func openTeam(logger: Logger) async throws -> (Team, MasterKey) {
        let masterKey: MasterKey
        let createdKey: Bool
        do {
            (masterKey, createdKey) = try MasterKey.load(file: masterKeyFile)
        } catch let error as MasterKey.LoadError {
            throw StartError(message: error.description)
        }
        if createdKey { logger.notice("created a new master key", metadata: ["file": "\(masterKeyFile)"]) }
        let database = try AtelierDatabase(path: self.database, readsMayBlock: { WorkerThread.isCurrent })
        let environment = ProcessInfo.processInfo.environment
        let demo = demoRelay.map {
            TeamBootstrap.DemoRelay(baseURL: $0, apiKey: "sk-sim-demo", dashboardToken: "sim-dashboard-token", dashboardUserID: "1")
        }
        let outcome: TeamBootstrap.Outcome
        do {
            outcome = try await TeamBootstrap(database: database, masterKey: masterKey, databasePath: self.database)
                .run(leadName: leadName, leadPassword: environment["ATELIER_LEAD_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }, demo: demo)
        } catch let error as StoreError {
            throw StartError(message: error.description)
        } catch let failure as ValidationFailure {
            throw StartError(message: "cannot create the lead account: \(failure)")
        }
        if let lead = outcome.createdLead { logger.notice("created the lead account", metadata: ["name": "\(lead)"]) }
        if let password = outcome.generatedPassword {
            try announce(password: password, logger: logger)
        } else {
            try await forgetInitialPasswordOnceChanged(database: database, logger: logger)
        }
        if outcome.addedDemoProvider { logger.notice("added the demo relay", metadata: ["base_url": "\(demoRelay ?? "")"]) }
        return (Team(database: database, masterKey: masterKey, sessionIdleTimeout: TimeInterval(sessionIdleHours) * 3600), masterKey)
    }

    /// Removes the initial password file once the lead has chosen a password of their own.
    private func forgetInitialPasswordOnceChanged(database: AtelierDatabase, logger: Logger) async throws {
        guard let initialPasswordFile, FileManager.default.fileExists(atPath: initialPasswordFile),
              let lead = try await MemberStore(database: database).find(name: leadName),
              lead.passwordChangedAt > lead.createdAt
        else { return }
        try FileManager.default.removeItem(atPath: initialPasswordFile)
        logger.notice("removed the initial password file: the lead has changed the password", metadata: ["file": "\(initialPasswordFile)"])
    }

    /// Hands a generated first password to the operator once: into a 0600 file when asked,
    /// otherwise on standard output (never through the logger).
    private func announce(password: String, logger: Logger) throws {
        guard let initialPasswordFile else {
            print("First start: sign in as '\(leadName)' with password \(password) and change it under Account.")
            return
        }
        let descriptor = open(initialPasswordFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw StartError(message: "cannot write \(initialPasswordFile)") }
        defer { close(descriptor) }
        let bytes = Array((password + "\n").utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count else { throw StartError(message: "cannot write \(initialPasswordFile)") }
        logger.notice("the first lead password is in the initial password file", metadata: ["file": "\(initialPasswordFile)"])
    }
}

/// A start-up failure with a message for the operator; the server exits non-zero.
struct StartError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
