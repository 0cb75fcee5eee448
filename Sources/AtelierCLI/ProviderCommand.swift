import ArgumentParser
import AtelierEngine
import AtelierStore
import Foundation
import RelayClient

/// `atelier provider …`: the relays the team has configured (not the built-in presets, which
/// `atelier providers` lists).
struct ProviderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provider", abstract: "Manage the configured providers (in the server's database).",
        subcommands: [Add.self, List.self, Test.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a provider. A dashboard token, if any, comes from ATELIER_DASHBOARD_TOKEN.")

        @OptionGroup var store: DatabaseOptions
        @Argument(help: "The team's name for it.") var name: String
        @Option(name: .long, help: "The preset it speaks (see `atelier providers`).") var preset: String
        @Option(name: .customLong("base-url"), help: "Base URL of the relay (default: the preset's, when it has one).") var baseURL: String?
        @Option(name: .long, help: "bearer, pair (access key id and secret) or header (default: the preset's).") var auth: String?
        @Option(name: .customLong("auth-header"), help: "The header carrying the key, for --auth header.") var authHeader: String?
        @Option(name: .customLong("mj-mode"), help: "Midjourney mode prefix: mj-fast, mj-relax or mj-turbo.") var midjourneyMode: String?
        @Option(name: .customLong("warning-threshold"), help: "Warn when the balance falls below this.") var warningThreshold: Double?
        @Option(name: .customLong("dashboard-user-id"), help: "new-api user id sent with the dashboard token.") var dashboardUserID: String?

        func run() async throws {
            try await administering {
                guard let chosen = Presets.named(preset) else {
                    Console.error("preset: unknown (one of \(Presets.all.map(\.id).joined(separator: ", ")))")
                    throw ExitCode(1)
                }
                let authKind = try parseAuth(auth, preset: chosen)
                let input = ProviderStore.Input(
                    name: name, preset: chosen.id, baseURL: baseURL ?? chosen.baseURL, authKind: authKind,
                    authHeader: authHeader ?? presetHeader(chosen), midjourneyMode: midjourneyMode,
                    warningThreshold: warningThreshold, dashboardUserID: dashboardUserID)
                let invalid = ProviderStore.validate(input)
                guard invalid.isEmpty else { throw ValidationFailure(invalid) }
                let team = try await store.openTeam()
                let token = ProcessInfo.processInfo.environment["ATELIER_DASHBOARD_TOKEN"]
                let record = try await team.providers.add(input, dashboardToken: token, by: .commandLine)
                print("added \(record.name) (\(record.preset), \(record.baseURL)); add its key with: atelier key add \"\(record.name)\" --label …")
            }
        }

        func presetHeader(_ preset: Provider) -> String? {
            if case .header(let name) = preset.auth { return name }
            return nil
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the providers with their active keys' masks.")

        @OptionGroup var store: DatabaseOptions

        func run() async throws {
            try await administering {
                let team = try await store.openTeam()
                var rows: [[String]] = []
                for record in try await team.providers.all() {
                    let keys = try await team.keys.list(providerID: record.id!).filter { $0.key.status == .active }
                    let masks = keys.map { "\($0.key.mask) (\($0.key.label))" }.joined(separator: ", ")
                    rows.append([record.name, record.preset, record.baseURL, record.isDemo ? "demo" : "",
                                 masks.isEmpty ? "no active key" : masks])
                }
                print(Console.table(["NAME", "PRESET", "BASE URL", "DEMO", "ACTIVE KEYS"], rows))
            }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Try a provider's settings and active key (lists its models, or reads its balance).")

        @OptionGroup var store: DatabaseOptions
        @Argument(help: "The provider's name.") var name: String
        @Option(name: .long, help: "Request timeout in seconds.") var timeout: Double = 30

        func run() async throws {
            try await administering {
                let team = try await store.openTeam()
                let record = try await findProvider(name, in: team)
                let transport = AsyncHTTPClientTransport(configuration: TransportConfiguration(requestTimeout: timeout))
                let result = await ProviderConnector(team: team, transport: transport, addressPolicy: .commandLine).testConnection(record)
                try? await transport.shutdown()
                if result.isUntestable {
                    print("not tested: \(result.message)")
                    return
                }
                let outcome = result.succeeded ? "ok" : "failed" + (result.category.map { " (\($0.rawValue))" } ?? "")
                print("\(outcome): \(result.message) (\(result.elapsedMilliseconds) ms)")
                if !result.succeeded { throw ExitCode(2) }
            }
        }
    }
}

func parseAuth(_ text: String?, preset: Provider) throws -> AuthKind {
    guard let text else {
        switch preset.auth {
        case .bearer: return .bearer
        case .accessKeyPair: return .accessKeyPair
        case .header: return .header
        }
    }
    switch text.lowercased() {
    case "bearer": return .bearer
    case "pair", "accesskeypair": return .accessKeyPair
    case "header": return .header
    default: throw FieldError(field: "auth", code: "invalid_choice")
    }
}

func findProvider(_ name: String, in team: Team) async throws -> ProviderRecord {
    guard let record = try await team.providers.find(name: name), record.id != nil else {
        throw CLIFailure("error: no provider is named \(name) (see atelier provider list)")
    }
    return record
}
