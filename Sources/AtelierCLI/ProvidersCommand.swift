import ArgumentParser
import RelayClient

/// `atelier providers`: the built-in presets.
struct ProvidersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "providers", abstract: "List the built-in provider presets.")

    @Flag(name: .long, help: "Also list models and prices.")
    var verbose = false

    func run() {
        for provider in Presets.all {
            let address = provider.baseURL.isEmpty ? "(set --base-url)" : provider.baseURL
            print("\(provider.id.padding(toLength: 9, withPad: " ", startingAt: 0)) \(provider.displayName) — \(address)")
            print("          families: " + provider.families.map(\.rawValue).joined(separator: ", "))
            guard verbose else { continue }
            if !provider.models.isEmpty {
                print("          models: " + provider.models.map(\.id).joined(separator: ", "))
            }
            for price in provider.prices.entries {
                print("          price: \(price.item) \(price.amount) \(price.unit) per \(price.per)" + (price.note.isEmpty ? "" : " (\(price.note))"))
            }
            if !provider.notes.isEmpty { print("          " + provider.notes) }
        }
    }
}
