import ArgumentParser
import AtelierStore
import Foundation

/// `atelier key …`: provider API keys, sealed in the server's database. Secrets come from
/// `ATELIER_API_KEY` (and `ATELIER_API_SECRET` for key-pair providers) or are typed without
/// echo; only masks are ever printed.
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Manage provider API keys (sealed in the server's database).",
        subcommands: [Add.self, Rotate.self, Revoke.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a key. The secret comes from ATELIER_API_KEY (pair secret: ATELIER_API_SECRET) or is asked for.")

        @OptionGroup var store: DatabaseOptions
        @Argument(help: "The provider's name.") var provider: String
        @Option(name: .long, help: "A label to tell keys apart.") var label: String
        @Option(name: .long, help: "The last day the key works, yyyy-MM-dd.") var expires: String?

        func run() async throws {
            try await administering {
                let team = try await store.openTeam()
                let record = try await findProvider(provider, in: team)
                let secret = try readProviderSecret(for: record)
                let key = try await team.keys.add(providerID: record.id!, label: label, secret: secret, expiresOn: expires, by: .commandLine)
                print("added key \(key.mask) (\(key.label)) to \(record.name)")
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the active key with this label by a new secret (ATELIER_API_KEY or asked for).")

        @OptionGroup var store: DatabaseOptions
        @Argument(help: "The provider's name.") var provider: String
        @Option(name: .long, help: "The label of the active key to replace.") var label: String
        @Option(name: .long, help: "A new expiry date, yyyy-MM-dd (default: keep the old one).") var expires: String?

        func run() async throws {
            try await administering {
                let team = try await store.openTeam()
                let record = try await findProvider(provider, in: team)
                let old = try await activeKey(labelled: label, of: record, in: team)
                let secret = try readProviderSecret(for: record)
                let new = try await team.keys.rotate(keyID: old.id!, to: secret, expiresOn: expires, by: .commandLine)
                print("rotated \(record.name) / \(new.label): \(old.mask) → \(new.mask)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke the active key with this label; it is never used again.")

        @OptionGroup var store: DatabaseOptions
        @Argument(help: "The provider's name.") var provider: String
        @Option(name: .long, help: "The label of the active key to revoke.") var label: String

        func run() async throws {
            try await administering {
                let team = try await store.openTeam()
                let record = try await findProvider(provider, in: team)
                let key = try await activeKey(labelled: label, of: record, in: team)
                try await team.keys.revoke(keyID: key.id!, by: .commandLine)
                print("revoked \(record.name) / \(key.label) (\(key.mask))")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a provider's keys (masks only).")

        @OptionGroup var store: DatabaseOptions
        @Argument(help: "The provider's name.") var provider: String

        func run() async throws {
            try await administering {
                let team = try await store.openTeam()
                let record = try await findProvider(provider, in: team)
                let rows = try await team.keys.list(providerID: record.id!).map { listing in
                    [listing.key.label, listing.key.mask, listing.key.status.rawValue, listing.key.expiresOn ?? "-"]
                }
                print(Console.table(["LABEL", "KEY", "STATUS", "EXPIRES"], rows))
            }
        }
    }
}

/// The key (and, for key-pair providers, the access key secret) from the environment or the terminal.
func readProviderSecret(for record: ProviderRecord) throws -> ProviderSecret {
    let key = try Console.secret(from: "ATELIER_API_KEY", prompt: "API key for \(record.name)")
    var pairSecret: String?
    if record.authKind == .accessKeyPair {
        pairSecret = try Console.secret(from: "ATELIER_API_SECRET", prompt: "Access key secret for \(record.name)")
    }
    return ProviderSecret(key: key, pairSecret: pairSecret)
}

func activeKey(labelled label: String, of record: ProviderRecord, in team: Team) async throws -> APIKeyRecord {
    let listings = try await team.keys.list(providerID: record.id!)
    guard let key = listings.map(\.key).first(where: { $0.status == .active && $0.label == label }), key.id != nil else {
        throw CLIFailure("label: \(record.name) has no active key labelled \(label)")
    }
    return key
}
