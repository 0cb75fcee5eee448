import Foundation
import GRDB

/// The audit log: appended in the same transaction as the change it records, read by the lead.
public struct AuditLog: Sendable {
    let database: AtelierDatabase

    public init(database: AtelierDatabase) {
        self.database = database
    }

    /// Appends an event inside a running write.
    static func append(_ db: Database, _ actor: Actor, _ action: String, target: String, detail: String = "") throws {
        var event = AuditEvent(actorID: actor.memberID, actorName: actor.name, action: action, target: target,
                               detail: detail, remoteAddress: actor.remoteAddress)
        try event.insert(db)
    }

    /// Appends an event in its own transaction (for events with no other change, like a failed sign-in).
    public func record(_ actor: Actor, _ action: String, target: String, detail: String = "") async throws {
        try await database.write { db in try Self.append(db, actor, action, target: target, detail: detail) }
    }

    /// The newest events first; `before` is the id to continue after (paging).
    public func page(limit: Int = 100, before: Int64? = nil, action: String? = nil) async throws -> [AuditEvent] {
        try await database.read { db in
            var request = AuditEvent.order(Column("id").desc).limit(limit)
            if let before { request = request.filter(Column("id") < before) }
            if let action, !action.isEmpty { request = request.filter(Column("action").like("\(action)%")) }
            return try request.fetchAll(db)
        }
    }
}
