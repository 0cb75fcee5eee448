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
        let action = action.flatMap { $0.isEmpty ? nil : $0 }
        return try await database.read { db in
            // The page is read on every load: one cached statement per filter combination, its
            // rows read by position (a generic decode per row was half the page's time).
            var conditions: [String] = []
            var arguments: [String: (any DatabaseValueConvertible)?] = ["limit": max(1, min(limit, 1_000))]
            if let before {
                conditions.append("id < :before")
                arguments["before"] = before
            }
            if let action {
                conditions.append("action LIKE :action")
                arguments["action"] = action + "%"
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let statement = try db.cachedStatement(sql: """
                SELECT id, at, actorID, actorName, action, target, detail, remoteAddress FROM auditEvent \(filter)
                ORDER BY id DESC LIMIT :limit
                """)
            return try StatementColumns.rows(of: statement, arguments: StatementArguments(arguments)) { columns in
                var event = AuditEvent(at: try columns.date(1), actorID: try columns.optionalInt64(2), actorName: try columns.text(3),
                                       action: try columns.text(4), target: try columns.text(5), detail: try columns.text(6),
                                       remoteAddress: try columns.text(7))
                event.id = try columns.optionalInt64(0)
                return event
            }
        }
    }
}
