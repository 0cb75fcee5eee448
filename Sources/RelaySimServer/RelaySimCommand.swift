import ArgumentParser
import Foundation
import RelaySim

/// `relay-sim`: runs the relay simulator until SIGINT/SIGTERM.
@main
struct RelaySimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay-sim",
        abstract: "A local simulator of the AI relay protocols (OpenAI, MJ, Suno, Kling, video, …).",
        discussion: "Faults are chosen per request with magic words in the prompt: sim:fail, sim:429, sim:500, "
            + "sim:garbage, sim:html, sim:slow, sim:huge, sim:quota, sim:reject, sim:lost, sim:hang, sim:drop, sim:busy.")

    @Option(help: "A JSON file with any of the settings below (flags given on the command line win).")
    var config: String?
    @Option(help: "Interface to bind (default 127.0.0.1).") var host: String?
    @Option(help: "Port to bind, 0 = any free port (default 0).") var port: Int?
    @Option(help: "Accepted sk- token; repeat for more (default sk-sim-demo).") var token: [String] = []
    @Option(help: "Length of one progress step in seconds (default 2).") var tick: Double?
    @Option(help: "Ticks from submit to the final state (default 3).") var steps: Int?
    @Option(help: "Extra ticks drawn per task from 0…N, to spread completions (default 0).") var stepsSpread: Int?
    @Option(help: "Share of tasks that fail, 0…1.") var failureRate: Double?
    @Option(help: "Share of requests answered 429, 0…1.") var rateLimitRate: Double?
    @Option(help: "Delay before every answer, in seconds.") var latency: Double?
    @Option(help: "Seed of the random generator.") var seed: UInt64?
    @Option(help: "Granted quota in USD (default 100).") var balance: Double?
    @Option(help: "Midjourney behaviour: raw | new-api (default new-api).") var mjMode: String?
    @Option(help: "Kling behaviour: native | new-api (default native).") var klingMode: String?
    @Option(help: "Base of the URLs handed out (default http://<host>:<port>).") var publicBaseUrl: String?
    @Flag(inversion: .prefixedNo, help: "POST notifyHook / callback_url bodies (default on).") var callbacks: Bool?

    /// Writes a line to stdout at once (no buffering), so scripts can wait for it.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    func run() async throws {
        var settings = try config.map(ConfigFile.load) ?? ConfigFile()
        settings.apply(self)
        let simulator = RelaySimulator(configuration: try settings.configuration())
        try await simulator.start()
        Self.say("relay-sim listening on \(simulator.baseURL)")
        await SignalWaiter.waitForTermination()
        try await simulator.shutdown()
        Self.say("relay-sim stopped")
    }
}
