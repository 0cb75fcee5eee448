import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A local simulator of the relay protocols (OpenAI-compatible, billing, Midjourney proxy, Suno,
/// Kling, unified video, Luma, Runway, Jimeng, Img Open, MX) served from one HTTP server.
///
/// ```swift
/// let simulator = RelaySimulator(configuration: .init(tick: .milliseconds(50)))
/// let port = try await simulator.start()
/// // … talk to simulator.baseURL with the token "sk-sim-demo" …
/// try await simulator.shutdown()
/// ```
/// Task state advances lazily with time (one step per ``SimulatorConfiguration/tick``); callbacks
/// are posted by one background loop. Faults are chosen per request with `sim:` words, see
/// ``SimulatorConfiguration``. An instance serves once: after ``shutdown()``, make a new one.
public final class RelaySimulator: Sendable {
    private let sim: SimContext
    private let logger: Logger
    private let running = Mutex<Running?>(nil)

    private struct Running: Sendable {
        let server: Task<Void, any Error>
        let callbacks: Task<Void, Never>
        let port: Int
    }

    public init(configuration: SimulatorConfiguration) {
        self.sim = SimContext(configuration: configuration)
        var logger = Logger(label: "relay-sim")
        logger.logLevel = .warning
        self.logger = logger
    }

    /// `http://<host>:<port>` once started (or the configured ``SimulatorConfiguration/publicBaseURL``).
    public var baseURL: String { sim.baseURL }

    /// Starts listening; returns the bound port once the server accepts connections.
    @discardableResult
    public func start() async throws -> Int {
        if let port = running.withLock({ $0?.port }) { return port }
        let configuration = sim.configuration
        let renderers = Self.renderers(sim)
        var table = RouteTable()
        Self.register(into: &table, sim: sim)
        let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            responder: Dispatcher(table: table, sim: sim),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "relay-sim"),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? configuration.port)
                portContinuation.finish()
            },
            logger: Self.serverLogger)
        let server = Task {
            defer { portContinuation.finish() }
            try await app.runService(gracefulShutdownSignals: [])
        }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next() else {
            // The server ended before it was listening: surface its error.
            try await server.value
            throw SimulatorError.notListening
        }
        sim.baseURL = configuration.publicBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            ?? "http://\(configuration.host):\(port)"
        let dispatcher = CallbackDispatcher(sim: sim, renderers: renderers, client: HTTPClient.shared, logger: logger)
        let callbacks = Task {
            guard configuration.deliverCallbacks else { return }
            await dispatcher.run()
        }
        running.withLock { $0 = Running(server: server, callbacks: callbacks, port: port) }
        return port
    }

    /// Stops the server: hanging and trickling answers are released, the callback loop ends.
    public func shutdown() async throws {
        guard let current = running.withLock({ value -> Running? in defer { value = nil }; return value }) else { return }
        sim.beginShutdown()
        current.callbacks.cancel()
        await current.callbacks.value
        // Give released answers a moment to close their connections, then stop the server.
        try? await Task.sleep(for: .milliseconds(60))
        current.server.cancel()
        do {
            try await current.server.value
        } catch is CancellationError {
            // Expected: the server task was cancelled.
        }
    }

    /// Errors of ``start()``.
    public enum SimulatorError: Error {
        /// The HTTP server stopped before it was listening.
        case notListening
    }

    /// Hummingbird's own logger: quiet, since a cancelled shutdown is reported as an error there.
    private static var serverLogger: Logger {
        var logger = Logger(label: "relay-sim.http")
        logger.logLevel = .critical
        return logger
    }

    private static func renderers(_ sim: SimContext) -> [TaskFamily: any TaskRenderer] {
        [
            .midjourney: MidjourneyRoutes(sim: sim),
            .kling: KlingRoutes(sim: sim),
            .luma: LumaRoutes(sim: sim),
            .imgOpen: ImgOpenRoutes(sim: sim),
            .mx: MXRoutes(sim: sim),
        ]
    }

    private static func register(into table: inout RouteTable, sim: SimContext) {
        ModelRoutes().register(&table)
        ChatRoutes(sim: sim).register(&table)
        ImageRoutes(sim: sim).register(&table)
        AudioRoutes(sim: sim).register(&table)
        EmbeddingRoutes(sim: sim).register(&table)
        BillingRoutes(sim: sim).register(&table)
        PricingRoutes().register(&table)
        MidjourneyRoutes(sim: sim).register(&table)
        SunoRoutes(sim: sim).register(&table)
        KlingRoutes(sim: sim).register(&table)
        VideoRoutes(sim: sim).register(&table)
        LumaRoutes(sim: sim).register(&table)
        RunwayRoutes(sim: sim).register(&table)
        JimengRoutes(sim: sim).register(&table)
        ImgOpenRoutes(sim: sim).register(&table)
        MXRoutes(sim: sim).register(&table)
        FileRoutes(sim: sim).register(&table)
        MediaFaultRoutes(sim: sim).register(&table)
        StatsRoutes(sim: sim).register(&table)
    }
}
