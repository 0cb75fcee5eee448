import Foundation
import GRDB

/// One balance read from a provider.
public struct BalanceReading: Codable, Sendable, Hashable, Identifiable, FetchableRecord, MutablePersistableRecord, TimestampedRecord {
    public static let databaseTableName = "balanceReading"

    public var id: Int64?
    public var providerId: Int64
    public var amount: Double
    /// The RelayClient `BalanceUnit` raw value (`USD`, `CNY`, `quota`, `points`).
    public var unit: String
    public var used: Double?
    public var isUnlimited: Bool
    public var readAt: Date

    public init(providerId: Int64, amount: Double, unit: String, used: Double? = nil, isUnlimited: Bool = false,
                readAt: Date = Date()) {
        self.providerId = providerId
        self.amount = amount
        self.unit = unit
        self.used = used
        self.isUnlimited = isUnlimited
        self.readAt = readAt
    }

    /// Reads a row by column name: cheaper than GRDB's `Decodable` path for balance histories.
    public init(row: Row) throws {
        id = row["id"]
        providerId = row["providerId"]
        amount = row["amount"]
        unit = row["unit"]
        used = row["used"]
        isUnlimited = row["isUnlimited"]
        readAt = try row.timestamp("readAt")
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
