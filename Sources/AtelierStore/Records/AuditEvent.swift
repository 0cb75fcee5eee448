import Foundation
import GRDB

/// One line of the audit log: who did what to what, when and from where. Details never carry
/// a secret.
public struct AuditEvent: Codable, Sendable, Hashable, Identifiable, FetchableRecord, MutablePersistableRecord, TimestampedRecord {
    public static let databaseTableName = "auditEvent"

    public var id: Int64?
    public var at: Date
    public var actorID: Int64?
    public var actorName: String
    /// A stable action name such as `sign_in.failed`, `member.added`, `key.rotated`.
    public var action: String
    public var target: String
    public var detail: String
    public var remoteAddress: String

    public init(at: Date = Date(), actorID: Int64?, actorName: String, action: String, target: String,
                detail: String = "", remoteAddress: String) {
        self.at = at
        self.actorID = actorID
        self.actorName = actorName
        self.action = action
        self.target = target
        self.detail = detail
        self.remoteAddress = remoteAddress
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
