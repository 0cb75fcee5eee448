import Foundation
import RelaySim

/// The `--config file.json` settings; every key is optional and named like the flag
/// (`host`, `port`, `tokens`, `tick`, `steps`, `stepsSpread`, `failureRate`, `rateLimitRate`, `latency`, `seed`,
/// `balance`, `mjMode`, `klingMode`, `publicBaseURL`, `callbacks`). Times are in seconds.
struct ConfigFile: Decodable {
    var host: String?
    var port: Int?
    var tokens: [String]?
    var tick: Double?
    var steps: Int?
    var stepsSpread: Int?
    var failureRate: Double?
    var rateLimitRate: Double?
    var latency: Double?
    var seed: UInt64?
    var balance: Double?
    var mjMode: String?
    var klingMode: String?
    var publicBaseURL: String?
    var callbacks: Bool?

    static func load(_ path: String) throws -> ConfigFile {
        try JSONDecoder().decode(ConfigFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Lets command-line flags override the file.
    mutating func apply(_ command: RelaySimCommand) {
        host = command.host ?? host
        port = command.port ?? port
        tokens = command.token.isEmpty ? tokens : command.token
        tick = command.tick ?? tick
        steps = command.steps ?? steps
        stepsSpread = command.stepsSpread ?? stepsSpread
        failureRate = command.failureRate ?? failureRate
        rateLimitRate = command.rateLimitRate ?? rateLimitRate
        latency = command.latency ?? latency
        seed = command.seed ?? seed
        balance = command.balance ?? balance
        mjMode = command.mjMode ?? mjMode
        klingMode = command.klingMode ?? klingMode
        publicBaseURL = command.publicBaseUrl ?? publicBaseURL
        callbacks = command.callbacks ?? callbacks
    }

    struct InvalidSetting: Error, CustomStringConvertible {
        let description: String
    }

    func configuration() throws -> SimulatorConfiguration {
        var result = SimulatorConfiguration()
        if let host { result.host = host }
        if let port { result.port = port }
        if let tokens { result.tokens = Set(tokens) }
        if let tick { result.tick = .milliseconds(try Self.milliseconds(tick, setting: "tick")) }
        if let steps { result.stepsToFinish = steps }
        if let stepsSpread { result.stepsSpread = stepsSpread }
        if let failureRate { result.failureRate = failureRate }
        if let rateLimitRate { result.rateLimitRate = rateLimitRate }
        if let latency { result.latency = .milliseconds(try Self.milliseconds(latency, setting: "latency")) }
        result.seed = seed
        if let balance { result.balance = balance }
        if let mjMode {
            guard let mode = SimulatorConfiguration.MidjourneyMode(rawValue: mjMode) else {
                throw InvalidSetting(description: "mj mode must be raw or new-api, not \(mjMode)")
            }
            result.midjourneyMode = mode
        }
        if let klingMode {
            guard let mode = SimulatorConfiguration.KlingMode(rawValue: klingMode) else {
                throw InvalidSetting(description: "kling mode must be native or new-api, not \(klingMode)")
            }
            result.klingMode = mode
        }
        result.publicBaseURL = publicBaseURL
        if let callbacks { result.deliverCallbacks = callbacks }
        return result
    }

    /// Seconds as whole milliseconds, for a setting that must lie between 0 and a day.
    private static func milliseconds(_ seconds: Double, setting: String) throws -> Int64 {
        guard (0...86_400).contains(seconds) else {
            throw InvalidSetting(description: "\(setting) must be between 0 and 86400 seconds, not \(seconds)")
        }
        return Int64((seconds * 1000).rounded())
    }
}
