import AtelierEngine
import AtelierStore
import Foundation
import RelayClient
import RelaySim
import XCTest

/// A team over a real SQLite file in a temporary folder, a relay-sim on loopback and a
/// transport with short limits: what the engine runs against in these tests.
struct EngineFixture {
    let folder: URL
    let team: Team
    let simulator: RelaySimulator
    let transport: AsyncHTTPClientTransport
    let connector: ProviderConnector

    static let simKey = "sk-sim-demo"
    static let actor = Actor(memberID: nil, name: "engine-tests", remoteAddress: "-")

    static func start(balance: Double = 100) async throws -> EngineFixture {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let team = Team(database: try AtelierDatabase(path: folder.appendingPathComponent("atelier.sqlite").path),
                        masterKey: .random(), hasher: PasswordHasher(rounds: 1_000))
        let simulator = RelaySimulator(configuration: SimulatorConfiguration(
            tick: .milliseconds(60), stepsToFinish: 3, seed: 7, deliverCallbacks: false, balance: balance,
            streamChunkDelay: .milliseconds(1)))
        _ = try await simulator.start()
        let transport = AsyncHTTPClientTransport(configuration: TransportConfiguration(connectTimeout: 2, readTimeout: 5, requestTimeout: 10))
        return EngineFixture(folder: folder, team: team, simulator: simulator, transport: transport,
                             connector: ProviderConnector(team: team, transport: transport, addressPolicy: .anyAddress))
    }

    func stop() async {
        try? await transport.shutdown()
        try? await simulator.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }

    /// A provider record saved in the store, with a key when `key` is given.
    @discardableResult
    func addProvider(_ name: String, preset: String = "demo", baseURL: String? = nil, authKind: AuthKind = .bearer,
                     key: String? = EngineFixture.simKey, pairSecret: String? = nil, dashboardToken: String? = nil,
                     dashboardUserID: String? = nil) async throws -> ProviderRecord {
        let record = try await team.providers.add(
            ProviderStore.Input(name: name, preset: preset, baseURL: baseURL ?? simulator.baseURL, authKind: authKind,
                                dashboardUserID: dashboardUserID),
            dashboardToken: dashboardToken, by: Self.actor)
        if let key {
            try await team.keys.add(providerID: record.id!, label: "main", secret: ProviderSecret(key: key, pairSecret: pairSecret),
                                    expiresOn: nil, by: Self.actor)
        }
        return record
    }

}

/// Runs `body` with a started fixture, always stopping it.
func withEngine(balance: Double = 100, _ body: (EngineFixture) async throws -> Void) async throws {
    let fixture = try await EngineFixture.start(balance: balance)
    do {
        try await body(fixture)
    } catch {
        await fixture.stop()
        throw error
    }
    await fixture.stop()
}
