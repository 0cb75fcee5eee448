import ArgumentParser
import AtelierEngine
import AtelierStore
import Foundation
import RelayClient

/// `atelier balance`: what is left. With `--preset`, `--base-url` or `--key` it asks that one
/// relay directly; without them it refreshes every provider configured in the server's database
/// (recording the readings, as the server's background refresh does) and prints a table.
struct BalanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balance",
        abstract: "Show the remaining balance of every configured provider, or of one relay given by --preset/--base-url/--key.")

    @OptionGroup var options: ClientOptions
    @OptionGroup var store: DatabaseOptions

    @Option(name: .long, help: "Direct mode: balance source openAIBilling, newAPITokenUsage or newAPIUserSelf (default: the preset's, in order).")
    var source: String?

    @Option(name: .long, help: "Database mode: refresh only this configured provider.")
    var provider: String?

    /// True when the command names a relay itself rather than reading the configured ones.
    var isDirect: Bool { options.preset != nil || options.baseURL != nil || options.key != nil }

    func run() async throws {
        if isDirect {
            try await runDirect()
        } else {
            try await runConfigured()
        }
    }

    func runDirect() async throws {
        var sources: [BalanceSource]?
        if let source {
            guard let parsed = BalanceSource(rawValue: source) else {
                throw ValidationError("unknown source; use one of " + BalanceSource.allCases.map(\.rawValue).joined(separator: ", "))
            }
            sources = [parsed]
        }
        try await withClient(options) { client in
            let balance = try await client.balance(sources: sources)
            var line = "\(format(balance.amount)) \(balance.unit.rawValue)"
            if balance.unlimited { line += " (unlimited)" }
            if let used = balance.used { line += ", used \(format(used))" }
            if let granted = balance.granted { line += " of \(format(granted))" }
            print(line)
            print("source: \(balance.source.rawValue), as of \(balance.asOf.formatted(.iso8601))")
        }
    }

    func runConfigured() async throws {
        if source != nil {
            throw ValidationError("--source works with --preset, --base-url or --key (direct mode) only")
        }
        var anyFailed = false
        try await administering {
            let team = try await store.openTeam()
            let transport = AsyncHTTPClientTransport(configuration: TransportConfiguration(requestTimeout: options.timeout))
            let refresher = BalanceRefresher(team: team, connector: ProviderConnector(team: team, transport: transport, addressPolicy: .commandLine))
            let outcomes: [BalanceOutcome]
            if let provider {
                let record = try await findProvider(provider, in: team)
                outcomes = [await refresher.refresh(providerID: record.id!)]
            } else {
                outcomes = await refresher.refreshAll()
            }
            try? await transport.shutdown()
            if outcomes.isEmpty {
                print("no provider is configured; add one with: atelier provider add NAME --preset …")
                return
            }
            let rows = outcomes.map { outcome -> [String] in
                switch outcome.result {
                case .recorded(let reading):
                    return [outcome.providerName, reading.isUnlimited ? "unlimited" : format(reading.amount), reading.unit,
                            reading.used.map(format) ?? "-", "ok"]
                case .failed(let message):
                    anyFailed = true
                    return [outcome.providerName, "-", "-", "-", "error: \(message)"]
                case .noBalanceEndpoint:
                    return [outcome.providerName, "-", "-", "-", "no balance endpoint"]
                }
            }
            print(Console.table(["PROVIDER", "BALANCE", "UNIT", "USED", "STATUS"], rows))
        }
        if anyFailed { throw ExitCode(2) }
    }

    func format(_ value: Double) -> String { String(format: "%.4f", value) }
}
