import GRDB

/// A member's monthly spending limit on one provider, in the provider's unit.
public struct Budget: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "budget"

    public var memberId: Int64
    public var providerId: Int64
    public var monthlyLimit: Double

    public init(memberId: Int64, providerId: Int64, monthlyLimit: Double) {
        self.memberId = memberId
        self.providerId = providerId
        self.monthlyLimit = monthlyLimit
    }
}
