import ArgumentParser
import Foundation
import RelayClient

/// `atelier balance`: what is left on the provider.
struct BalanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "balance", abstract: "Show the remaining balance.")

    @OptionGroup var options: ClientOptions

    @Option(name: .long, help: "Balance source: openAIBilling, newAPITokenUsage or newAPIUserSelf (default: the preset's, in order).")
    var source: String?

    func run() async throws {
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

    func format(_ value: Double) -> String { String(format: "%.4f", value) }
}
