import AsyncHTTPClient
import Crypto
import AtelierEngine
import AtelierMedia
import AtelierStore
import Foundation
import Logging
import RelayClient
import RelaySim
import TaskEngine
import XCTest

/// A task engine as the server runs it — a SQLite file, a media folder, a relay-sim on loopback,
/// real HTTP — with intervals shortened so a test sees tasks finish in a second or two.
struct TaskFixture {
    let folder: URL
    let team: Team
    let simulator: RelaySimulator
    let transport: AsyncHTTPClientTransport
    let httpClient: HTTPClient
    let engine: TaskEngine
    let member: Member
    let provider: ProviderRecord

    static let simKey = "sk-sim-demo"
    static let callbackKey = Data(repeating: 7, count: 32)

    static func start(simulator configuration: SimulatorConfiguration = SimulatorConfiguration(
        tick: .milliseconds(40), stepsToFinish: 3, seed: 11, deliverCallbacks: false, streamChunkDelay: .milliseconds(1)),
                      settings: EngineSettings = TaskFixture.fastSettings,
                      logger: Logger = Logger(label: "task-tests")) async throws -> TaskFixture {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-tasks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let team = Team(database: try AtelierDatabase(path: folder.appendingPathComponent("atelier.sqlite").path),
                        masterKey: .random(), hasher: PasswordHasher(rounds: 1_000))
        let simulator = RelaySimulator(configuration: configuration)
        _ = try await simulator.start()
        let transport = AsyncHTTPClientTransport(configuration: TransportConfiguration(connectTimeout: 2, readTimeout: 2, requestTimeout: 4))
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: MediaKeeper.httpClientConfiguration)
        let media = MediaKeeper(folder: folder.appendingPathComponent("media"), httpClient: httpClient, logger: logger)
        let actor = Actor(memberID: nil, name: "task-tests", remoteAddress: "-")
        let member = try await team.members.add(name: "mei", displayName: "Mei", role: .member, password: "correct horse 12", by: actor)
        let provider = try await team.providers.add(
            ProviderStore.Input(name: "Sim", preset: "demo", baseURL: simulator.baseURL, authKind: .bearer), by: actor)
        try await team.keys.add(providerID: provider.id!, label: "main", secret: ProviderSecret(key: simKey), expiresOn: nil, by: actor)
        let engine = TaskEngine(team: team, connector: ProviderConnector(team: team, transport: transport, addressPolicy: .anyAddress), media: media,
                                mediaFolder: folder.appendingPathComponent("media"), settings: settings,
                                callbackKey: callbackKey, logger: logger)
        return TaskFixture(folder: folder, team: team, simulator: simulator, transport: transport, httpClient: httpClient,
                           engine: engine, member: member, provider: provider)
    }

    static var fastSettings: EngineSettings {
        EngineSettings(pollInterval: [:], defaultPollInterval: 0.05, deadline: [:], defaultDeadline: 60, maxConcurrentCalls: 4,
                       batchSize: 20, tick: 0.02, backoffBase: 0.05, backoffCap: 0.2, lease: 5, outputAttempts: 3, lostAfter: 3)
    }

    func stop() async {
        try? await httpClient.shutdown()
        try? await transport.shutdown()
        try? await simulator.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Submits `request` to the simulator as the fixture's member.
    func submit(_ request: StudioRequest, key: String = UUID().uuidString) async throws -> TaskRecord {
        try await engine.submit(SubmitOrder(request: request, providerID: provider.id!, member: member, idempotencyKey: key))
    }

    /// Runs engine passes until the task satisfies `done` (or fails the test after `timeout`).
    @discardableResult
    func drive(_ id: String, timeout: TimeInterval = 10, until done: (TaskRecord) -> Bool = { $0.status.isFinal }) async throws -> TaskRecord {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            await engine.step()
            if let task = try await team.tasks.task(id: id), done(task) { return task }
            try await Task.sleep(for: .milliseconds(20))
        }
        let last = try await team.tasks.task(id: id)
        XCTFail("task \(id) did not get there in \(timeout) s; it is \(last?.status.rawValue ?? "gone"): \(last?.failureMessage ?? "")")
        return try XCTUnwrap(last)
    }

    /// Usage entries recorded for a task.
    func usage(of taskID: String) async throws -> [UsageEntry] {
        try await team.database.read { db in try UsageEntry.filter(sql: "taskID = ?", arguments: [taskID]).fetchAll(db) }
    }
}

/// Runs `body` with a started fixture, always stopping it.
func withTasks(simulator: SimulatorConfiguration? = nil, settings: EngineSettings = TaskFixture.fastSettings,
               _ body: (TaskFixture) async throws -> Void) async throws {
    let fixture: TaskFixture
    if let simulator {
        fixture = try await TaskFixture.start(simulator: simulator, settings: settings)
    } else {
        fixture = try await TaskFixture.start(settings: settings)
    }
    do {
        try await body(fixture)
    } catch {
        await fixture.stop()
        throw error
    }
    await fixture.stop()
}

extension TaskFixture {
    /// The token the engine puts in a task's callback URL (an HMAC of the id), rebuilt as a
    /// provider would read it from the URL.
    static func callbackToken(for taskID: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("atelier-callback:\(taskID)".utf8), using: SymmetricKey(data: callbackKey))
        return Data(mac).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
