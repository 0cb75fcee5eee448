import AtelierEngine
import AtelierStore
import RelayClient

/// A provider a chat can use: one that speaks the OpenAI family, with its preset's text models.
struct ChatChoice: Sendable {
    var providerID: Int64
    var name: String
    var models: [String]

    static func all(team: Team) async throws -> [ChatChoice] {
        try await team.providers.all().compactMap { record in
            guard let id = record.id, let provider = try? ProviderConnector.provider(for: record), provider.offers(.openAI) else { return nil }
            let models = provider.models.filter { $0.family == .openAI && $0.kind == .text && !$0.id.contains("embedding") && !$0.id.contains("whisper") }
            return ChatChoice(providerID: id, name: record.name, models: models.isEmpty ? ["gpt-4o-mini"] : models.map(\.id))
        }
    }
}
