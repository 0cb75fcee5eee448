import Foundation
import GRDB

/// How a configured provider wants its key presented (the stored form of RelayClient's
/// `AuthScheme`).
public enum AuthKind: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// `Authorization: Bearer <key>`.
    case bearer
    /// Img Open's access key id and secret headers.
    case accessKeyPair
    /// The key as-is in a named header.
    case header
}

/// A relay the team buys from, as configured by the lead.
public struct ProviderRecord: Codable, Sendable, Hashable, Identifiable, FetchableRecord, MutablePersistableRecord, TimestampedRecord {
    public static let databaseTableName = "provider"

    public var id: Int64?
    /// The team's name for it, unique regardless of case.
    public var name: String
    /// The RelayClient preset it was made from (`kfc-v50`, …, `custom`, `demo`).
    public var preset: String
    public var baseURL: String
    public var authKind: AuthKind
    /// The header name for `AuthKind.header`.
    public var authHeader: String?
    /// Midjourney mode prefix (`mj-fast`, `mj-relax`), if any.
    public var midjourneyMode: String?
    /// True for the offline simulator added on first start.
    public var isDemo: Bool
    /// A balance below this shows a warning banner.
    public var warningThreshold: Double?
    /// The dashboard user id sent with the dashboard token (new-api `/api/user/self`).
    public var dashboardUserID: String?
    /// The dashboard access token, sealed like API keys.
    public var sealedDashboardToken: Data?
    /// The last balance refresh error (already free of secrets), if the last try failed.
    public var lastBalanceError: String?
    public var lastBalanceErrorAt: Date?
    public var createdAt: Date

    public init(name: String, preset: String, baseURL: String, authKind: AuthKind, authHeader: String? = nil,
                midjourneyMode: String? = nil, isDemo: Bool = false, warningThreshold: Double? = nil,
                dashboardUserID: String? = nil, createdAt: Date = Date()) {
        self.name = name
        self.preset = preset
        self.baseURL = baseURL
        self.authKind = authKind
        self.authHeader = authHeader
        self.midjourneyMode = midjourneyMode
        self.isDemo = isDemo
        self.warningThreshold = warningThreshold
        self.dashboardUserID = dashboardUserID
        self.createdAt = createdAt
    }

    /// Reads a row by column name: cheaper than GRDB's `Decodable` path on pages listing providers.
    public init(row: Row) throws {
        id = row["id"]
        name = row["name"]
        preset = row["preset"]
        baseURL = row["baseURL"]
        authKind = try row.decode(forColumn: "authKind")
        authHeader = row["authHeader"]
        midjourneyMode = row["midjourneyMode"]
        isDemo = row["isDemo"]
        warningThreshold = row["warningThreshold"]
        dashboardUserID = row["dashboardUserID"]
        sealedDashboardToken = row["sealedDashboardToken"]
        lastBalanceError = row["lastBalanceError"]
        lastBalanceErrorAt = try row.optionalTimestamp("lastBalanceErrorAt")
        createdAt = try row.timestamp("createdAt")
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
