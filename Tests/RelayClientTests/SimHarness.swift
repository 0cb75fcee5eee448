import Foundation
import RelayClient
import RelaySim
import XCTest

/// A running relay-sim on loopback and a client pointed at it.
struct SimHarness {
    let simulator: RelaySimulator
    let transport: AsyncHTTPClientTransport
    let client: RelayClient

    static let key = "sk-sim-demo"

    static func start(_ configuration: SimulatorConfiguration = fast(),
                      transport: TransportConfiguration = TransportConfiguration(connectTimeout: 2, readTimeout: 5, requestTimeout: 10),
                      credentials: Credentials = Credentials(apiKey: key, dashboardToken: "sim-dashboard-token", dashboardUserID: "1"),
                      provider: Provider = Presets.demo) async throws -> SimHarness {
        let simulator = RelaySimulator(configuration: configuration)
        _ = try await simulator.start()
        let http = AsyncHTTPClientTransport(configuration: transport)
        let client = RelayClient(provider: provider.with(baseURL: simulator.baseURL), credentials: credentials, transport: http)
        return SimHarness(simulator: simulator, transport: http, client: client)
    }

    /// Short ticks so that tasks finish in well under a second.
    static func fast(midjourneyMode: SimulatorConfiguration.MidjourneyMode = .newAPI,
                     klingMode: SimulatorConfiguration.KlingMode = .native) -> SimulatorConfiguration {
        SimulatorConfiguration(tick: .milliseconds(60), stepsToFinish: 3, seed: 42, deliverCallbacks: false,
                               midjourneyMode: midjourneyMode, klingMode: klingMode, streamChunkDelay: .milliseconds(1),
                               slowByteInterval: .milliseconds(500))
    }

    func stop() async throws {
        try await transport.shutdown()
        try await simulator.shutdown()
    }

    /// A client on the same simulator with other credentials or transport limits.
    func client(credentials: Credentials? = nil, transport other: AsyncHTTPClientTransport? = nil) -> RelayClient {
        RelayClient(provider: client.provider,
                    credentials: credentials ?? Credentials(apiKey: Self.key), transport: other ?? transport)
    }

    /// Polls a task to its end on the fast simulator clock.
    func finish(_ task: RelayTask) async throws -> RelayTask {
        try await client.waitUntilDone(task, every: .milliseconds(40), timeout: .seconds(20))
    }
}

/// Runs `body` with a started simulator, always shutting it down.
func withSim(_ configuration: SimulatorConfiguration = SimHarness.fast(),
             transport: TransportConfiguration = TransportConfiguration(connectTimeout: 2, readTimeout: 5, requestTimeout: 10),
             _ body: (SimHarness) async throws -> Void) async throws {
    let harness = try await SimHarness.start(configuration, transport: transport)
    do {
        try await body(harness)
    } catch {
        try? await harness.stop()
        throw error
    }
    try await harness.stop()
}

/// The `RelayError` an async call throws, or a test failure.
func relayError<T>(_ call: () async throws -> T, file: StaticString = #filePath, line: UInt = #line) async -> RelayError? {
    do {
        let value = try await call()
        XCTFail("expected an error, got \(value)", file: file, line: line)
        return nil
    } catch let error as RelayError {
        return error
    } catch {
        XCTFail("expected a RelayError, got \(error)", file: file, line: line)
        return nil
    }
}

/// A 1×1 PNG as a data URI.
let pixelDataURI = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
