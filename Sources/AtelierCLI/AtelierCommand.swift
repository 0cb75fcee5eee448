import ArgumentParser

/// `atelier`: the admin command line, built on RelayClient, AtelierStore and AtelierEngine (the entry point).
@main
struct AtelierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atelier",
        abstract: "Atelier: talk to AI generation relays from the command line.",
        subcommands: [ProvidersCommand.self, ChatCommand.self, SubmitCommand.self, BalanceCommand.self,
                      UserCommand.self, ProviderCommand.self, KeyCommand.self, BenchDecodeCommand.self, BenchSeedCommand.self]
    )
}
