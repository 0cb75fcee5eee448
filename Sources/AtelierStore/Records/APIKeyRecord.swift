import Foundation
import GRDB

/// Where a key stands.
public enum KeyStatus: String, Codable, Sendable, DatabaseValueConvertible {
    case active
    /// Replaced by a newer key through rotation.
    case replaced
    case revoked
}

/// One API key of a provider. The secret is sealed (AES-GCM under the master key); only the
/// mask (`sk-…3f9a`) is ever shown.
public struct APIKeyRecord: Codable, Sendable, Hashable, Identifiable, FetchableRecord, MutablePersistableRecord, TimestampedRecord {
    public static let databaseTableName = "apiKey"

    public var id: Int64?
    public var providerId: Int64
    public var label: String
    public var sealedSecret: Data
    public var mask: String
    public var status: KeyStatus
    /// The last day the key works (`yyyy-MM-dd`), when the provider gave it one.
    public var expiresOn: String?
    public var createdAt: Date
    /// When it was replaced or revoked.
    public var retiredAt: Date?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension APIKeyRecord {
    /// Reads a row by column name: cheaper than GRDB's `Decodable` path on the providers pages.
    public init(row: Row) throws {
        id = row["id"]
        providerId = row["providerId"]
        label = row["label"]
        sealedSecret = row["sealedSecret"]
        mask = row["mask"]
        status = try row.decode(forColumn: "status")
        expiresOn = row["expiresOn"]
        createdAt = try row.timestamp("createdAt")
        retiredAt = try row.optionalTimestamp("retiredAt")
    }
}
