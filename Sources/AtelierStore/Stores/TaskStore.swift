import Foundation
import GRDB

/// One guarded change of a task, for `TaskStore.apply`.
public struct TaskUpdate: Sendable {
    public var id: String
    /// The state the task was read in; the change is dropped if it is no longer so.
    public var from: TaskState
    public var outputs: [TaskOutputRecord]
    public var usage: UsageEntry?
    public var change: @Sendable (inout TaskRecord) -> Void

    public init(id: String, from: TaskState, outputs: [TaskOutputRecord] = [], usage: UsageEntry? = nil,
                change: @escaping @Sendable (inout TaskRecord) -> Void) {
        self.id = id
        self.from = from
        self.outputs = outputs
        self.usage = usage
        self.change = change
    }
}

/// Tasks and their outputs. Every change of state is a guarded transition: the row is updated
/// only if it is still in the state the caller read it in (`UPDATE … WHERE id = ? AND status = ?`),
/// so two writers (a poll and a callback, two processes) can never both finish or charge a task.
public struct TaskStore: Sendable {
    let database: AtelierDatabase

    public init(database: AtelierDatabase) {
        self.database = database
    }

    /// Writes a new task, or finds the one its member already wrote with the same idempotency key
    /// (a double click, a resent form). `created` tells which. Keys are per member: another
    /// member's key never finds (or hides) their task.
    public func create(_ record: TaskRecord) async throws -> (task: TaskRecord, created: Bool) {
        try await database.write { db in
            if let existing = try Self.existing(db, like: record) { return (existing, false) }
            try record.insert(db)
            return (record, true)
        }
    }

    /// Writes the tasks of one compare under a compare group id chosen here (random and
    /// unguessable, never taken from a form), each found instead when its member used its key
    /// already; a resent compare form finds its first group again.
    public func create(comparing records: [TaskRecord]) async throws -> (group: String, tasks: [TaskRecord]) {
        try await database.write { db in
            let found = try records.map { try Self.existing(db, like: $0) }
            let group = found.lazy.compactMap { $0?.compareGroup }.first ?? Self.newCompareGroup()
            let tasks = try zip(records, found).map { record, existing -> TaskRecord in
                if let existing { return existing }
                var record = record
                record.compareGroup = group
                try record.insert(db)
                return record
            }
            return (group, tasks)
        }
    }

    /// The task the same member wrote with the same idempotency key, if any.
    private static func existing(_ db: Database, like record: TaskRecord) throws -> TaskRecord? {
        try TaskRecord.filter(Column("memberId") == record.memberId && Column("idempotencyKey") == record.idempotencyKey).fetchOne(db)
    }

    /// 16 random bytes as 32 hex digits.
    static func newCompareGroup() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for _ in 0..<2 { withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) } }
        return bytes.lowercaseHex
    }

    public func task(id: String) async throws -> TaskRecord? {
        // The task page reads here on every load: a statement prepared once per connection.
        try await database.read { db in
            try TaskRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM task WHERE id = ?"), arguments: [id])
        }
    }

    /// The task a callback token belongs to (by the token's digest).
    public func task(callbackTokenDigest digest: String) async throws -> TaskRecord? {
        try await database.read { db in try TaskRecord.filter(Column("callbackTokenDigest") == digest).fetchOne(db) }
    }

    public func outputs(taskID: String) async throws -> [TaskOutputRecord] {
        try await database.read { db in
            try TaskOutputRecord.fetchAll(db.cachedStatement(sql: "SELECT * FROM taskOutput WHERE taskId = ? ORDER BY position"),
                                          arguments: [taskID])
        }
    }

    /// Moves a task on, only if it is still `from`. `change` edits the record read; `outputs`
    /// (inserted) and `usage` (recorded) are written in the same transaction, so a charge and
    /// the state that explains it never part. Answers nil when another writer moved the task
    /// first (nothing is written then).
    public func transition(_ id: String, from: TaskState, outputs: [TaskOutputRecord] = [], usage: UsageEntry? = nil,
                           now: Date = Date(), _ change: @escaping @Sendable (inout TaskRecord) -> Void) async throws -> TaskRecord? {
        try await database.write { db in
            try Self.transition(db, id, from: from, outputs: outputs, usage: usage, now: now, change)
        }
    }

    /// Many guarded transitions in one transaction (a batch of polled tasks). Each answer is
    /// the task as written, or nil when that task had moved on.
    public func apply(_ updates: [TaskUpdate], now: Date = Date()) async throws -> [TaskRecord?] {
        guard !updates.isEmpty else { return [] }
        return try await database.write { db in
            try updates.map { update in
                try Self.transition(db, update.id, from: update.from, outputs: update.outputs, usage: update.usage, now: now,
                                    update.change)
            }
        }
    }

    static func transition(_ db: Database, _ id: String, from: TaskState, outputs: [TaskOutputRecord], usage: UsageEntry?,
                           now: Date, _ change: (inout TaskRecord) -> Void) throws -> TaskRecord? {
        let select = try db.cachedStatement(sql: "SELECT * FROM task WHERE id = ?")
        guard var record = try TaskRecord.fetchOne(select, arguments: [id]), record.status == from else { return nil }
        change(&record)
        record.updatedAt = now
        if record.status.isFinal {
            record.nextPollAt = nil
            record.leaseUntil = nil
            if record.finishedAt == nil { record.finishedAt = now }
        }
        let values = try record.databaseDictionary.filter { $0.key != "id" }.sorted { $0.key < $1.key }
        // The same columns every time: one prepared statement, compiled once per connection.
        let assignments = values.map { "\"\($0.key)\" = ?" }.joined(separator: ", ")
        let update = try db.cachedStatement(sql: "UPDATE task SET \(assignments) WHERE id = ? AND status = ?")
        try update.execute(arguments: StatementArguments(values.map(\.value) + [id.databaseValue, from.databaseValue]))
        guard db.changesCount == 1 else { return nil }
        for var output in outputs { try output.insert(db) }
        if var usage { try usage.insert(db) }
        return record
    }

    /// Polls again later, in one transaction, tasks whose answer changed nothing (or whose poll
    /// was interrupted): only the schedule is written, each only if the task is still `from`.
    public func reschedule(_ entries: [(id: String, from: TaskState, nextPollAt: Date?)], now: Date = Date()) async throws {
        guard !entries.isEmpty else { return }
        try await database.write { db in
            let update = try db.cachedStatement(sql: """
                UPDATE task SET nextPollAt = COALESCE(?, nextPollAt), leaseUntil = NULL, pollFailures = 0, updatedAt = ?
                WHERE id = ? AND status = ?
                """)
            for entry in entries {
                try update.execute(arguments: [entry.nextPollAt.map(DatabaseTimestamp.init), DatabaseTimestamp(now), entry.id, entry.from])
            }
        }
    }

    /// Takes up to `limit` tasks whose poll is due and that nobody holds, holding each until
    /// `now + lease`: the caller is then the only poller of each task it got.
    public func claimDue(now: Date = Date(), limit: Int, lease: TimeInterval) async throws -> [TaskRecord] {
        try await database.write { db in
            let due = try TaskRecord
                .filter(TaskState.polled.map(\.rawValue).contains(Column("status")))
                .filter(Column("nextPollAt") <= DatabaseTimestamp(now))
                .filter(Column("leaseUntil") == nil || Column("leaseUntil") < DatabaseTimestamp(now))
                .order(Column("nextPollAt"))
                .limit(limit)
                .fetchAll(db)
            let until = now.addingTimeInterval(lease)
            let hold = try db.cachedStatement(sql: "UPDATE task SET leaseUntil = ? WHERE id = ?")
            return try due.map { task in
                var held = task
                held.leaseUntil = until
                try hold.execute(arguments: [DatabaseTimestamp(until), task.id])
                return held
            }
        }
    }

    /// Takes up to `limit` queued tasks (never sent, or refused with a 429 and due again) to
    /// submit, moving each to `submitting` first: a crash from here on leaves `submitting`, which a restart turns into `unknown`.
    public func claimQueued(now: Date = Date(), limit: Int) async throws -> [TaskRecord] {
        try await database.write { db in
            let queued = try TaskRecord.filter(Column("status") == TaskState.queued.rawValue)
                .filter(Column("nextPollAt") == nil || Column("nextPollAt") <= DatabaseTimestamp(now))
                .order(Column("createdAt")).limit(limit).fetchAll(db)
            return try queued.compactMap { task in
                try Self.transition(db, task.id, from: .queued, outputs: [], usage: nil, now: now) { $0.status = .submitting }
            }
        }
    }

    /// Unfinished tasks the provider still works on whose deadline has passed.
    public func pastDeadline(now: Date = Date(), limit: Int) async throws -> [TaskRecord] {
        try await database.read { db in
            try TaskRecord.filter([TaskState.submitted, .running, .needsInput].map(\.rawValue).contains(Column("status")))
                .filter(Column("deadlineAt") < DatabaseTimestamp(now)).limit(limit).fetchAll(db)
        }
    }

    /// The earliest moment the engine has work: a poll, a deadline, a queued send, a submit left
    /// by a stopped process (`submitTimeout` after it began), an output to download or a saving
    /// task to finish; nil when there is none. One read of the status index: the engine asks
    /// it at every tick and makes a whole pass only once something is due.
    public func nextWork(submitTimeout: TimeInterval) async throws -> Date? {
        let values = try await database.read { db -> [DatabaseValue] in
            let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT
                  (SELECT MIN(MAX(nextPollAt, COALESCE(leaseUntil, nextPollAt))) FROM task
                     WHERE status IN ('submitted', 'running') AND nextPollAt IS NOT NULL),
                  (SELECT MIN(deadlineAt) FROM task WHERE status IN ('submitted', 'running', 'needsInput')),
                  (SELECT MIN(COALESCE(nextPollAt, '\(Self.longAgo)')) FROM task WHERE status = 'queued'),
                  (SELECT MIN(COALESCE(nextAttemptAt, '\(Self.longAgo)')) FROM taskOutput WHERE state = 'pending'),
                  (SELECT '\(Self.longAgo)' FROM task WHERE status = 'saving' AND NOT EXISTS
                     (SELECT 1 FROM taskOutput WHERE taskOutput.taskId = task.id AND taskOutput.state = 'pending') LIMIT 1),
                  (SELECT MIN(updatedAt) FROM task WHERE status = 'submitting')
                """))
            return row.map { row in (0..<6).map { row[$0] } } ?? []
        }
        var moments = values.prefix(5).compactMap(DatabaseTimestamp.date(from:))
        if let submitting = values.dropFirst(5).first.flatMap(DatabaseTimestamp.date(from:)) {
            moments.append(submitting.addingTimeInterval(submitTimeout))
        }
        return moments.min()
    }

    /// A stored moment before any other: work that is due as soon as it exists.
    private static let longAgo = "1970-01-01 00:00:00.000"

    /// Tasks in `saving` whose outputs are all settled (kept, text, or failed for good).
    public func settledSaving(limit: Int) async throws -> [(task: TaskRecord, outputs: [TaskOutputRecord])] {
        try await database.read { db in
            let tasks = try TaskRecord.fetchAll(db, sql: """
                SELECT * FROM task WHERE status = 'saving'
                  AND NOT EXISTS (SELECT 1 FROM taskOutput WHERE taskOutput.taskId = task.id AND taskOutput.state = 'pending')
                LIMIT ?
                """, arguments: [limit])
            return try tasks.map { task in
                (task, try TaskOutputRecord.filter(Column("taskId") == task.id).order(Column("position")).fetchAll(db))
            }
        }
    }

    /// Submits under way since before `cutoff` (longer than any provider call may take) belong
    /// to a process that stopped: each may have reached the provider, so it becomes `unknown`
    /// (never resent by itself). Answers how many.
    @discardableResult
    public func abandonStaleSubmits(before cutoff: Date, now: Date = Date()) async throws -> Int {
        try await database.write { db in
            let stale = try TaskRecord.filter(Column("status") == TaskState.submitting.rawValue)
                .filter(Column("updatedAt") < DatabaseTimestamp(cutoff)).fetchAll(db)
            var turned = 0
            for task in stale {
                let moved = try Self.transition(db, task.id, from: .submitting, outputs: [], usage: nil, now: now) {
                    $0.status = .unknown
                    $0.failureCategory = "outcomeUnknown"
                    $0.failureMessage = "Atelier stopped while sending this task; the provider may have received it."
                }
                if moved != nil { turned += 1 }
            }
            return turned
        }
    }

    /// Outputs waiting to be downloaded whose next attempt is due.
    public func pendingOutputs(now: Date = Date(), limit: Int) async throws -> [TaskOutputRecord] {
        try await database.read { db in
            try TaskOutputRecord.filter(Column("state") == OutputState.pending.rawValue)
                .filter(Column("nextAttemptAt") == nil || Column("nextAttemptAt") <= DatabaseTimestamp(now))
                .order(Column("nextAttemptAt")).limit(limit).fetchAll(db)
        }
    }

    /// The provider of each of these tasks (one query for a pass over many outputs).
    public func providerIDs(ofTasks ids: [String]) async throws -> [String: Int64] {
        try await database.read { db in
            let rows = try Row.fetchAll(db, TaskRecord.select(Column("id"), Column("providerId")).filter(ids.contains(Column("id"))))
            var providers: [String: Int64] = [:]
            for row in rows { if let provider: Int64 = row["providerId"] { providers[row["id"]] = provider } }
            return providers
        }
    }

    /// Saves what happened to one output.
    public func save(output: TaskOutputRecord) async throws {
        try await database.write { db in try output.update(db) }
    }

    /// A page of tasks, newest first: one member's (`memberID`) or the team's (nil).
    public func list(memberID: Int64?, before: Date? = nil, limit: Int = 50) async throws -> [TaskRecord] {
        try await database.read { db in
            var request = TaskRecord.all()
            if let memberID { request = request.filter(Column("memberId") == memberID) }
            if let before { request = request.filter(Column("createdAt") < DatabaseTimestamp(before)) }
            return try request.order(Column("createdAt").desc).limit(limit).fetchAll(db)
        }
    }

    /// The tasks submitted together by one compare.
    public func compareGroup(_ group: String) async throws -> [TaskRecord] {
        try await database.read { db in
            try TaskRecord.filter(Column("compareGroup") == group).order(Column("createdAt"), Column("providerName")).fetchAll(db)
        }
    }

}
