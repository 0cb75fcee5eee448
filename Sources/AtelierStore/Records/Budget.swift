import GRDB

/// A member's monthly spending limit on one provider, in the provider's unit.
public struct Budget: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "budget"

    public var memberId: Int64
    public var providerId: Int64
    public var monthlyLimit: Double

    /// The limits a lead may set: 0 (nothing may be spent), or from the smallest coin of any
    /// unit (a cent) up to a trillion. Anything between 0 and a cent is a typing accident, and a
    /// limit like 1e-300 would make every share of it overflow.
    public static let allowedLimits = 0.01...1e12

    /// Whether `limit` is 0 or within `allowedLimits` (never NaN, infinite or negative).
    public static func isAllowed(limit: Double) -> Bool {
        limit == 0 || allowedLimits.contains(limit)
    }

    public init(memberId: Int64, providerId: Int64, monthlyLimit: Double) {
        self.memberId = memberId
        self.providerId = providerId
        self.monthlyLimit = monthlyLimit
    }
}
