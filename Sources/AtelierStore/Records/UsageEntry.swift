import Foundation
import GRDB

/// What one finished task cost. Names are kept beside the ids so history survives removals.
public struct UsageEntry: Codable, Sendable, Hashable, Identifiable, FetchableRecord, MutablePersistableRecord, TimestampedRecord {
    public static let databaseTableName = "usageEntry"

    public var id: Int64?
    public var memberId: Int64?
    public var memberName: String
    public var providerId: Int64?
    public var providerName: String
    public var apiKeyId: Int64?
    public var model: String
    /// 0 when `isPriced` is false.
    public var amount: Double
    public var unit: String
    /// False when no price was set for what was used: the cost is unknown (not free).
    public var isPriced: Bool
    public var taskID: String?
    /// The UTC day (`yyyy-MM-dd`) the cost counts for.
    public var day: String
    public var createdAt: Date

    public init(memberId: Int64?, memberName: String, providerId: Int64?, providerName: String, apiKeyId: Int64?,
                model: String, amount: Double, unit: String, isPriced: Bool = true, taskID: String? = nil, createdAt: Date = Date()) {
        self.memberId = memberId
        self.memberName = memberName
        self.providerId = providerId
        self.providerName = providerName
        self.apiKeyId = apiKeyId
        self.model = model
        self.amount = amount
        self.unit = unit
        self.isPriced = isPriced
        self.taskID = taskID
        self.day = UsageEntry.day(of: createdAt)
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The UTC day of a time, as `yyyy-MM-dd`.
    public static func day(of date: Date) -> String { UTCCalendar.day(of: date) }

    /// The UTC month of a time, as `yyyy-MM`.
    public static func month(of date: Date) -> String { String(day(of: date).prefix(7)) }
}
