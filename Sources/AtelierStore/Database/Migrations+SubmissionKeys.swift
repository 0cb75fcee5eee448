import GRDB

extension Migrations {
    /// A task's idempotency key was unique across the team, so one member's key could find (and
    /// hide) another's task. It becomes unique per member: SQLite cannot drop a column's UNIQUE,
    /// so the table is rebuilt (foreign keys are off while a migration runs, and checked at its
    /// end) with the same columns, every index made again.
    static func scopeSubmissionKeysToMembers(_ db: Database) throws {
        let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(task)").map { row -> String in row["name"] }
        try db.create(table: "taskRebuilt") { t in
            t.primaryKey("id", .text)
            t.column("memberId", .integer).references("member", onDelete: .setNull)
            t.column("memberName", .text).notNull()
            t.column("providerId", .integer).references("provider", onDelete: .setNull)
            t.column("providerName", .text).notNull()
            t.column("apiKeyId", .integer).references("apiKey", onDelete: .setNull)
            t.column("family", .text).notNull()
            t.column("operation", .text).notNull()
            t.column("kind", .text).notNull()
            t.column("model", .text).notNull()
            t.column("prompt", .text).notNull()
            t.column("request", .text).notNull()
            t.column("idempotencyKey", .text).notNull()
            t.column("status", .text).notNull()
            t.column("progress", .integer).notNull()
            t.column("providerTaskId", .text)
            t.column("relayState", .text)
            t.column("failureCategory", .text)
            t.column("failureMessage", .text)
            t.column("providerMessage", .text)
            t.column("estimatedCost", .double)
            t.column("cost", .double)
            t.column("costUnit", .text)
            t.column("callbackTokenDigest", .text).unique()
            t.column("parentId", .text)
            t.column("compareGroup", .text)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
            t.column("submittedAt", .datetime)
            t.column("finishedAt", .datetime)
            t.column("deadlineAt", .datetime).notNull()
            t.column("nextPollAt", .datetime)
            t.column("pollFailures", .integer).notNull()
            t.column("leaseUntil", .datetime)
        }
        let names = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        try db.execute(sql: "INSERT INTO taskRebuilt (\(names)) SELECT \(names) FROM task")
        try db.drop(table: "task")
        try db.rename(table: "taskRebuilt", to: "task")
        try db.create(index: "task_member_submission", on: "task", columns: ["memberId", "idempotencyKey"], options: .unique)
        try db.create(index: "task_member_created", on: "task", columns: ["memberId", "createdAt"])
        try db.create(index: "task_created", on: "task", columns: ["createdAt"])
        try db.create(index: "task_compare", on: "task", columns: ["compareGroup"])
        try db.create(index: "task_status", on: "task", columns: ["status", "updatedAt"])
        try db.execute(sql: """
            CREATE INDEX task_due ON task (nextPollAt) WHERE status NOT IN ('succeeded', 'failed', 'cancelled')
            """)
    }
}
