import ArgumentParser
import AtelierMedia
import AtelierStore
import Foundation

/// `atelier bench-seed` (hidden): fills an empty database with a team of the size the admin-page
/// benchmark names — 50 members, 20 providers with keys, balance history, budgets, 100,000
/// usage entries over 90 days and 2,400 finished tasks with their outputs, and with `--outputs N`
/// N more kept outputs for the gallery — so `make bench` measures pages over realistic tables.
/// Every output points at a few real files made here in `--media-dir` with their thumbnails and
/// posters (ffmpeg and libvips-tools must be installed). It prints the id of a finished
/// Midjourney task (the task page the benchmark loads) on a line `midjourney task: <id>`.
struct BenchSeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-seed", abstract: "Fill an empty database for the benchmark.", shouldDisplay: false)

    @OptionGroup var storage: DatabaseOptions

    @Option(help: "Members, the lead included.") var members = 50
    @Option(help: "Providers, each with an active and a replaced key.") var providers = 20
    @Option(help: "Usage entries spread over the last 90 days.") var usage = 100_000
    @Option(help: "Finished tasks with outputs spread over the last 30 days.") var tasks = 2_400
    @Option(help: "Kept outputs for the gallery (images, audio, video, text) from 20 members over the last 90 days.") var outputs = 0
    @Option(help: "The media folder the server uses (--media-dir): where the shared files and their thumbnails are made.")
    var mediaDir = "var/media"

    func run() async throws {
        try await administering {
            guard let leadPassword = ProcessInfo.processInfo.environment["ATELIER_LEAD_PASSWORD"], !leadPassword.isEmpty else {
                throw CLIFailure("error: set ATELIER_LEAD_PASSWORD for the seeded lead")
            }
            let opened = try await storage.openTeam()
            guard try await opened.members.count() == 0 else { throw CLIFailure("error: \(storage.database) is not empty") }
            // The seeded members never sign in: cheap hashes keep seeding fast. The lead's is real.
            let team = Team(database: opened.database, masterKey: try MasterKey.load(file: storage.masterKeyFile).key,
                            hasher: PasswordHasher(rounds: 1_000))
            try await opened.members.add(name: "lead", displayName: "Lead", role: .lead, password: leadPassword, by: .commandLine)
            let people = try await seedMembers(team)
            let relays = try await seedProviders(team)
            try await seedBudgets(team, people: people, relays: relays)
            try await seedUsage(team, people: people, relays: relays)
            let media = try await makeMedia()
            let midjourneyTask = try await BenchTaskSeed(team: team, people: people, relays: relays, media: media).seed(count: tasks)
            print("seeded \(people.count + 1) members, \(relays.count) providers, \(usage) usage entries, \(tasks) tasks in \(storage.database)")
            if outputs > 0 {
                let start = Date()
                let galleryTasks = try await BenchSeedOutputs(database: team.database, people: people, relays: relays, media: media)
                    .seed(count: outputs)
                let seconds = String(format: "%.1f", Date().timeIntervalSince(start))
                print("seeded \(outputs) gallery outputs over \(galleryTasks) tasks in \(seconds) s")
            }
            if let midjourneyTask { print("midjourney task: \(midjourneyTask)") }
        }
    }

    /// The shared real files, or a clear message naming the tools when they are missing.
    private func makeMedia() async throws -> BenchSeedMedia {
        do {
            return try await BenchSeedMedia.make(in: URL(fileURLWithPath: mediaDir))
        } catch let error as ToolError {
            throw CLIFailure("error: bench-seed makes its media with ffmpeg and libvips-tools: \(error.message)")
        } catch let error as DerivativeError {
            throw CLIFailure("error: bench-seed makes its media with ffmpeg and libvips-tools: \(error.message)")
        }
    }

    private func seedMembers(_ team: Team) async throws -> [Member] {
        var people: [Member] = []
        for index in 1..<members {
            let role: Role = index % 10 == 0 ? .viewer : .member
            people.append(try await team.members.add(name: String(format: "member%02d", index), displayName: "Member \(index) 成员",
                                                     role: role, password: "bench password \(index)", by: .commandLine))
        }
        return people
    }

    private func seedProviders(_ team: Team) async throws -> [ProviderRecord] {
        let presets = ["kfc-v50", "chat-bp", "no1-api", "yunapi", "custom"]
        var relays: [ProviderRecord] = []
        let start = Date().addingTimeInterval(-30 * 86_400)
        for index in 1...providers {
            let record = try await team.providers.add(
                ProviderStore.Input(name: "Relay \(index)", preset: presets[index % presets.count],
                                    baseURL: "https://relay-\(index).example.com", authKind: .bearer,
                                    warningThreshold: Double(index % 4) * 10), by: .commandLine)
            let id = record.id!
            let first = try await team.keys.add(providerID: id, label: "main", secret: ProviderSecret(key: "sk-bench-\(index)-old-0000000000"),
                                                expiresOn: index % 5 == 0 ? "2026-12-01" : nil, by: .commandLine)
            try await team.keys.rotate(keyID: first.id!, to: ProviderSecret(key: "sk-bench-\(index)-new-0000000000"), expiresOn: nil,
                                       by: .commandLine)
            for step in 0..<120 {
                try await team.balances.record(BalanceReading(providerId: id, amount: 200 - Double(step) * 1.3 + Double(index), unit: "USD",
                                                              readAt: start.addingTimeInterval(Double(step) * 6 * 3600)))
            }
            relays.append(record)
        }
        return relays
    }

    private func seedBudgets(_ team: Team, people: [Member], relays: [ProviderRecord]) async throws {
        for (index, person) in people.enumerated() where person.role == .member {
            for relay in relays.prefix(3) {
                try await team.budgets.set(memberID: person.id!, providerID: relay.id!, monthlyLimit: Double(20 + index), by: .commandLine)
            }
        }
    }

    private func seedUsage(_ team: Team, people: [Member], relays: [ProviderRecord]) async throws {
        let models = ["gpt-4o-mini", "dall-e-3", "mj-imagine", "chirp-v4", "kling-v1-6", "flux", "tts-1", "veo3"]
        var generator = SystemRandomNumberGenerator()
        let now = Date()
        var batch: [UsageEntry] = []
        for index in 0..<usage {
            let person = people[Int.random(in: 0..<people.count, using: &generator)]
            let relay = relays[Int.random(in: 0..<relays.count, using: &generator)]
            batch.append(UsageEntry(memberId: person.id, memberName: person.name, providerId: relay.id, providerName: relay.name,
                                    apiKeyId: nil, model: models[index % models.count], amount: Double.random(in: 0.001...0.5, using: &generator),
                                    unit: "USD", taskID: "bench-\(index)",
                                    createdAt: now.addingTimeInterval(-Double.random(in: 0...(90 * 86_400), using: &generator))))
            if batch.count == 10_000 {
                try await team.usage.record(contentsOf: batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        try await team.usage.record(contentsOf: batch)
    }
}
