import AtelierStore
import Foundation
import RelayClient

/// Turns a configured provider (a `ProviderRecord` in the store) into a working `RelayClient`:
/// the record's preset (or the generic OpenAI-compatible one when the preset is unknown), base
/// URL, authentication scheme and Midjourney mode, with the provider's newest active key and its
/// dashboard token, both opened from the store.
///
/// The secrets go straight into `Credentials`; nothing here logs or returns them.
public struct ProviderConnector: Sendable {
    public let team: Team
    public let transport: any HTTPTransport
    /// Where base URLs may point; checked before every connection.
    public let addressPolicy: RelayAddressPolicy

    /// - Parameters:
    ///   - team: the stores (keys and dashboard tokens are opened with its master key).
    ///   - transport: shared by every client made here; the caller owns and shuts it down.
    ///   - addressPolicy: public addresses only unless the server allows private relays.
    public init(team: Team, transport: any HTTPTransport, addressPolicy: RelayAddressPolicy = .publicOnly) {
        self.team = team
        self.transport = transport
        self.addressPolicy = addressPolicy
    }

    /// A client for the provider, and the key it authenticates with.
    ///
    /// - Throws: `ConnectorError.noActiveKey(providerName:)` when the provider has no active key,
    ///   `ConnectorError.unreadableSecret` when a sealed secret does not open,
    ///   `ConnectorError.invalidConfiguration` when the settings cannot make a client.
    public func client(for record: ProviderRecord) async throws -> (client: RelayClient, key: APIKeyRecord) {
        let connection = try await connect(record)
        return (connection.client, connection.key)
    }

    /// Tries the provider with its active key: `GET /v1/models`, or the balance when the
    /// provider has no models endpoint (it does not speak the OpenAI family, or answers
    /// `notFound`/`invalidResponse` there). A provider with neither is `isUntestable`: nothing
    /// is tried. Never throws; the message holds no secret.
    public func testConnection(_ record: ProviderRecord) async -> ConnectionTest {
        let clock = ContinuousClock()
        let start = clock.now
        func finish(_ succeeded: Bool, _ message: String, _ category: RelayErrorCategory? = nil) -> ConnectionTest {
            let elapsed = clock.now - start
            let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
            return ConnectionTest(succeeded: succeeded, message: message, category: category, elapsedMilliseconds: milliseconds)
        }
        let connection: Connection
        do {
            connection = try await connect(record)
        } catch {
            return finish(false, SecretScrubbing([]).message(for: error))
        }
        let client = connection.client, scrubbing = connection.scrubbing
        if client.provider.offers(.openAI) {
            do {
                let models = try await client.models()
                return finish(true, models.count == 1 ? "1 model" : "\(models.count) models")
            } catch let error as RelayError where Self.meansNoModelsEndpoint(error) {
                // Fall through to the balance.
            } catch {
                return finish(false, scrubbing.message(for: error), (error as? RelayError)?.category)
            }
        }
        guard !client.provider.options.balanceSources.isEmpty else {
            return ConnectionTest(succeeded: false, isUntestable: true,
                                  message: "\(record.name) has neither a models list nor a balance endpoint to test with; "
                                      + "its key is tried with the first task", elapsedMilliseconds: 0)
        }
        do {
            let balance = try await client.balance()
            return finish(true, "balance \(String(format: "%.2f", balance.amount)) \(balance.unit.rawValue)")
        } catch {
            return finish(false, scrubbing.message(for: error), (error as? RelayError)?.category)
        }
    }

    /// The RelayClient provider a record describes (no secrets involved).
    public static func provider(for record: ProviderRecord) throws -> Provider {
        var provider = (Presets.named(record.preset) ?? Presets.customOpenAI).with(baseURL: record.baseURL)
        switch record.authKind {
        case .bearer:
            provider.auth = .bearer
        case .accessKeyPair:
            provider.auth = AuthScheme.imgOpen
        case .header:
            guard let name = record.authHeader, !name.isEmpty else {
                throw ConnectorError.invalidConfiguration(providerName: record.name,
                                                          reason: "header authentication needs a header name")
            }
            provider.auth = .header(name: name)
        }
        provider.options.midjourneyMode = record.midjourneyMode
        return provider
    }

    /// True for answers that mean "there is no `/v1/models` here" rather than "the key is bad".
    static func meansNoModelsEndpoint(_ error: RelayError) -> Bool {
        error.category == .notFound || error.category == .invalidResponse
    }

    /// A client with what is needed to keep its secrets out of messages.
    struct Connection: Sendable {
        var client: RelayClient
        var key: APIKeyRecord
        var scrubbing: SecretScrubbing
    }

    func connect(_ record: ProviderRecord) async throws -> Connection {
        guard let id = record.id else { throw ConnectorError.invalidConfiguration(providerName: record.name, reason: "not saved yet") }
        let provider = try Self.provider(for: record)
        if let refusal = await addressPolicy.refusal(for: provider.baseURL) {
            throw ConnectorError.forbiddenAddress(providerName: record.name, refusal: refusal)
        }
        let active: (key: APIKeyRecord, secret: ProviderSecret)?
        let dashboardToken: String?
        do {
            active = try await team.keys.activeSecret(providerID: id)
            dashboardToken = try team.providers.dashboardToken(of: record)
        } catch is SecretSealer.OpenError {
            throw ConnectorError.unreadableSecret(providerName: record.name)
        } catch is DecodingError {
            throw ConnectorError.unreadableSecret(providerName: record.name)
        }
        guard let active else { throw ConnectorError.noActiveKey(providerName: record.name) }
        if record.authKind == .accessKeyPair, (active.secret.pairSecret ?? "").isEmpty {
            throw ConnectorError.invalidConfiguration(providerName: record.name,
                                                      reason: "key-pair authentication needs the access key secret")
        }
        let credentials = Credentials(apiKey: active.secret.key, secret: active.secret.pairSecret,
                                      dashboardToken: dashboardToken, dashboardUserID: record.dashboardUserID)
        let client = RelayClient(provider: provider, credentials: credentials, transport: transport)
        return Connection(client: client, key: active.key,
                          scrubbing: SecretScrubbing([active.secret.key, active.secret.pairSecret, dashboardToken]))
    }
}
