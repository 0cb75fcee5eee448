import AtelierStore
import Foundation
import Logging
import RelayClient

/// Reads provider balances through RelayClient and keeps them in the store: a reading for each
/// answer (`BalanceStore.record`, which also clears the last error), the error message otherwise
/// (`ProviderStore.setBalanceError`). The server runs `run(every:)` in the background; the CLI
/// and the "refresh" button call `refresh(providerID:)` or `refreshAll()`.
///
/// Messages and logs name providers and key masks, never a secret.
public struct BalanceRefresher: Sendable {
    public let team: Team
    public let connector: ProviderConnector
    let logger: Logger

    public init(team: Team, connector: ProviderConnector, logger: Logger = Logger(label: "atelier.balance")) {
        self.team = team
        self.connector = connector
        self.logger = logger
    }

    /// True when the record's preset documents at least one balance endpoint (unknown presets
    /// are treated as generic OpenAI-compatible relays, which do).
    public static func hasBalanceEndpoint(_ record: ProviderRecord) -> Bool {
        !(Presets.named(record.preset) ?? Presets.customOpenAI).options.balanceSources.isEmpty
    }

    /// Refreshes one provider's balance and records the outcome. Never throws.
    public func refresh(providerID: Int64) async -> BalanceOutcome {
        let record: ProviderRecord?
        do {
            record = try await team.providers.find(id: providerID)
        } catch {
            logger.error("balance refresh could not read the provider", metadata: ["provider_id": "\(providerID)", "error": "\(error)"])
            return BalanceOutcome(providerID: providerID, providerName: "#\(providerID)",
                                  result: .failed("the provider could not be read from the database"))
        }
        guard let record else {
            return BalanceOutcome(providerID: providerID, providerName: "#\(providerID)",
                                  result: .failed(ConnectorError.providerNotFound(id: providerID).description))
        }
        return await refresh(record)
    }

    /// Refreshes every configured provider, concurrently, in the store's order.
    public func refreshAll() async -> [BalanceOutcome] {
        let records: [ProviderRecord]
        do {
            records = try await team.providers.all()
        } catch {
            logger.error("balance refresh could not list the providers", metadata: ["error": "\(error)"])
            return []
        }
        return await withTaskGroup(of: (Int, BalanceOutcome).self) { group in
            for (index, record) in records.enumerated() {
                group.addTask { (index, await refresh(record)) }
            }
            var outcomes: [(Int, BalanceOutcome)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// Refreshes every provider now and then once per `interval`, until the task is cancelled.
    public func run(every interval: Duration) async {
        while !Task.isCancelled {
            let outcomes = await refreshAll()
            let failed = outcomes.filter { $0.errorMessage != nil }.count
            logger.debug("balances refreshed", metadata: ["providers": "\(outcomes.count)", "failed": "\(failed)"])
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        }
    }

    func refresh(_ record: ProviderRecord) async -> BalanceOutcome {
        guard let id = record.id else {
            return BalanceOutcome(providerID: 0, providerName: record.name, result: .failed("the provider is not saved"))
        }
        guard Self.hasBalanceEndpoint(record) else {
            return BalanceOutcome(providerID: id, providerName: record.name, result: .noBalanceEndpoint)
        }
        var metadata: Logger.Metadata = ["provider": "\(record.name)", "provider_id": "\(id)"]
        var scrubbing = SecretScrubbing([])
        do {
            let connection = try await connector.connect(record)
            scrubbing = connection.scrubbing
            metadata["key"] = "\(connection.key.mask)"
            let balance = try await connection.client.balance()
            let reading = BalanceReading(providerId: id, amount: balance.amount, unit: balance.unit.rawValue,
                                         used: balance.used, isUnlimited: balance.unlimited, readAt: balance.asOf)
            try await team.balances.record(reading)
            metadata["source"] = "\(balance.source.rawValue)"
            logger.info("balance recorded", metadata: metadata)
            return BalanceOutcome(providerID: id, providerName: record.name, result: .recorded(reading))
        } catch {
            let message = scrubbing.message(for: error)
            metadata["error"] = "\(message)"
            logger.warning("balance refresh failed", metadata: metadata)
            do {
                try await team.providers.setBalanceError(message, providerID: id)
            } catch {
                logger.error("could not store the balance error", metadata: ["provider_id": "\(id)"])
            }
            return BalanceOutcome(providerID: id, providerName: record.name, result: .failed(message))
        }
    }
}
