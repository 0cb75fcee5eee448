import GRDB

/// The schema, as named migrations run in order at start-up. A migration, once released, is
/// never edited: changes come as a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: team administration") { db in
            try createTeamTables(db)
            try createProviderTables(db)
            try createUsageTables(db)
        }
        migrator.registerMigration("v2: tasks") { db in
            try createTaskTables(db)
        }
        migrator.registerMigration("v3: chat") { db in
            try createChatTables(db)
        }
        migrator.registerMigration("v4: balance chart points") { db in
            try createBalanceChartPoints(db)
        }
        migrator.registerMigration("v5: price tables") { db in
            try createPriceTables(db)
        }
        migrator.registerMigration("v6: submission keys per member") { db in
            try scopeSubmissionKeysToMembers(db)
        }
        migrator.registerMigration("v7: sign-in hardening") { db in
            try createSignInHardening(db)
        }
        migrator.registerMigration("v8: task list keyset indexes") { db in
            try createTaskListIndexes(db)
        }
        migrator.registerMigration("v9: output thumbnails and posters") { db in
            try addOutputDerivatives(db)
        }
        migrator.registerMigration("v10: gallery") { db in
            try createGallery(db)
        }
        migrator.registerMigration("v11: member language") { db in
            try addMemberLanguage(db)
        }
        migrator.registerMigration("v12: data versions") { db in
            try createDataVersions(db)
        }
        return migrator
    }

    private static func createTeamTables(_ db: Database) throws {
        try db.create(table: "setting") { t in
            t.primaryKey("key", .text)
            t.column("value", .blob).notNull()
        }
        try db.create(table: "member") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("name", .text).notNull().unique().collate(.nocase)
            t.column("displayName", .text).notNull()
            t.column("role", .text).notNull()
            t.column("passwordHash", .text).notNull()
            t.column("isDisabled", .boolean).notNull().defaults(to: false)
            t.column("createdAt", .datetime).notNull()
            t.column("passwordChangedAt", .datetime).notNull()
        }
        try db.create(table: "session") { t in
            t.primaryKey("tokenDigest", .text)
            t.belongsTo("member", onDelete: .cascade).notNull()
            t.column("csrfToken", .text).notNull()
            t.column("createdAt", .datetime).notNull()
            t.column("expiresAt", .datetime).notNull().indexed()
            t.column("remoteAddress", .text).notNull()
        }
        try db.create(table: "signInFailure") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("scope", .text).notNull()
            t.column("at", .datetime).notNull()
        }
        try db.create(index: "signInFailure_scope_at", on: "signInFailure", columns: ["scope", "at"])
        try db.create(table: "auditEvent") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("at", .datetime).notNull().indexed()
            t.column("actorID", .integer)
            t.column("actorName", .text).notNull()
            t.column("action", .text).notNull()
            t.column("target", .text).notNull()
            t.column("detail", .text).notNull()
            t.column("remoteAddress", .text).notNull()
        }
    }

    private static func createProviderTables(_ db: Database) throws {
        try db.create(table: "provider") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("name", .text).notNull().unique().collate(.nocase)
            t.column("preset", .text).notNull()
            t.column("baseURL", .text).notNull()
            t.column("authKind", .text).notNull()
            t.column("authHeader", .text)
            t.column("midjourneyMode", .text)
            t.column("isDemo", .boolean).notNull().defaults(to: false)
            t.column("warningThreshold", .double)
            t.column("dashboardUserID", .text)
            t.column("sealedDashboardToken", .blob)
            t.column("lastBalanceError", .text)
            t.column("lastBalanceErrorAt", .datetime)
            t.column("createdAt", .datetime).notNull()
        }
        try db.create(table: "apiKey") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("provider", onDelete: .cascade).notNull()
            t.column("label", .text).notNull()
            t.column("sealedSecret", .blob).notNull()
            t.column("mask", .text).notNull()
            t.column("status", .text).notNull()
            t.column("expiresOn", .text)
            t.column("createdAt", .datetime).notNull()
            t.column("retiredAt", .datetime)
        }
        try db.create(table: "balanceReading") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("provider", onDelete: .cascade).notNull()
            t.column("amount", .double).notNull()
            t.column("unit", .text).notNull()
            t.column("used", .double)
            t.column("isUnlimited", .boolean).notNull()
            t.column("readAt", .datetime).notNull()
        }
        try db.create(index: "balanceReading_provider_readAt", on: "balanceReading", columns: ["providerId", "readAt"])
    }

    private static func createUsageTables(_ db: Database) throws {
        try db.create(table: "budget") { t in
            t.belongsTo("member", onDelete: .cascade).notNull()
            t.belongsTo("provider", onDelete: .cascade).notNull()
            t.column("monthlyLimit", .double).notNull()
            t.primaryKey(["memberId", "providerId"])
        }
        try db.create(table: "usageEntry") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("memberId", .integer).references("member", onDelete: .setNull)
            t.column("memberName", .text).notNull()
            t.column("providerId", .integer).references("provider", onDelete: .setNull)
            t.column("providerName", .text).notNull()
            t.column("apiKeyId", .integer).references("apiKey", onDelete: .setNull)
            t.column("model", .text).notNull()
            t.column("amount", .double).notNull()
            t.column("unit", .text).notNull()
            t.column("taskID", .text)
            t.column("day", .text).notNull()
            t.column("createdAt", .datetime).notNull()
        }
        try db.create(index: "usageEntry_day", on: "usageEntry", columns: ["day"])
        // Sums kept by a trigger, one small table per view of the usage, so that usage pages,
        // budget checks and key spend read a few rows whatever the number of entries.
        try db.execute(sql: """
            CREATE TABLE usageByMemberMonth (month TEXT NOT NULL, memberName TEXT NOT NULL, unit TEXT NOT NULL,
              amount DOUBLE NOT NULL, entries INTEGER NOT NULL, PRIMARY KEY (month, memberName, unit));
            CREATE TABLE usageByProviderMonth (month TEXT NOT NULL, providerName TEXT NOT NULL, unit TEXT NOT NULL,
              amount DOUBLE NOT NULL, entries INTEGER NOT NULL, PRIMARY KEY (month, providerName, unit));
            CREATE TABLE usageByModelMonth (month TEXT NOT NULL, model TEXT NOT NULL, unit TEXT NOT NULL,
              amount DOUBLE NOT NULL, entries INTEGER NOT NULL, PRIMARY KEY (month, model, unit));
            CREATE TABLE usageByDay (day TEXT NOT NULL, unit TEXT NOT NULL,
              amount DOUBLE NOT NULL, entries INTEGER NOT NULL, PRIMARY KEY (day, unit));
            CREATE TABLE usageByBudgetMonth (month TEXT NOT NULL, memberId INTEGER NOT NULL, providerId INTEGER NOT NULL,
              amount DOUBLE NOT NULL, PRIMARY KEY (month, memberId, providerId));
            CREATE TABLE usageByKey (apiKeyId INTEGER NOT NULL, unit TEXT NOT NULL,
              amount DOUBLE NOT NULL, entries INTEGER NOT NULL, PRIMARY KEY (apiKeyId, unit));
            CREATE TRIGGER usageEntry_sums AFTER INSERT ON usageEntry BEGIN
              INSERT INTO usageByMemberMonth VALUES (substr(NEW.day, 1, 7), NEW.memberName, NEW.unit, NEW.amount, 1)
                ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, entries = entries + 1;
              INSERT INTO usageByProviderMonth VALUES (substr(NEW.day, 1, 7), NEW.providerName, NEW.unit, NEW.amount, 1)
                ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, entries = entries + 1;
              INSERT INTO usageByModelMonth VALUES (substr(NEW.day, 1, 7), NEW.model, NEW.unit, NEW.amount, 1)
                ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, entries = entries + 1;
              INSERT INTO usageByDay VALUES (NEW.day, NEW.unit, NEW.amount, 1)
                ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, entries = entries + 1;
              INSERT INTO usageByBudgetMonth SELECT substr(NEW.day, 1, 7), NEW.memberId, NEW.providerId, NEW.amount
                WHERE NEW.memberId IS NOT NULL AND NEW.providerId IS NOT NULL
                ON CONFLICT DO UPDATE SET amount = amount + excluded.amount;
              INSERT INTO usageByKey SELECT NEW.apiKeyId, NEW.unit, NEW.amount, 1 WHERE NEW.apiKeyId IS NOT NULL
                ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, entries = entries + 1;
            END
            """)
    }

    private static func createTaskTables(_ db: Database) throws {
        try db.create(table: "task") { t in
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
            t.column("idempotencyKey", .text).notNull().unique()
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
        // Lists: a member's tasks and the team's, newest first.
        try db.create(index: "task_member_created", on: "task", columns: ["memberId", "createdAt"])
        try db.create(index: "task_created", on: "task", columns: ["createdAt"])
        try db.create(index: "task_compare", on: "task", columns: ["compareGroup"])
        // The engine's passes look tasks up by state (queued, submitting, saving, running).
        try db.create(index: "task_status", on: "task", columns: ["status", "updatedAt"])
        // The poller's scan reads only unfinished tasks.
        try db.execute(sql: """
            CREATE INDEX task_due ON task (nextPollAt) WHERE status NOT IN ('succeeded', 'failed', 'cancelled')
            """)
        try db.create(table: "taskOutput") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("task", onDelete: .cascade).notNull()
            t.column("position", .integer).notNull()
            t.column("kind", .text).notNull()
            t.column("sourceURL", .text)
            t.column("text", .text)
            t.column("title", .text)
            t.column("state", .text).notNull()
            t.column("attempts", .integer).notNull()
            t.column("nextAttemptAt", .datetime)
            t.column("lastError", .text)
            t.column("relativePath", .text)
            t.column("mimeType", .text)
            t.column("byteCount", .integer)
            t.column("sha256", .text)
            t.column("width", .integer)
            t.column("height", .integer)
            t.column("duration", .double)
            t.uniqueKey(["taskId", "position"])
        }
        try db.execute(sql: "CREATE INDEX taskOutput_pending ON taskOutput (nextAttemptAt) WHERE state = 'pending'")
        // A backstop under the guarded transitions: one charge per task.
        try db.execute(sql: "CREATE UNIQUE INDEX usageEntry_task ON usageEntry (taskID) WHERE taskID IS NOT NULL")
    }

    private static func createChatTables(_ db: Database) throws {
        try db.create(table: "conversation") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("memberId", .integer).references("member", onDelete: .setNull)
            t.column("memberName", .text).notNull()
            t.column("providerId", .integer).references("provider", onDelete: .setNull)
            t.column("providerName", .text).notNull()
            t.column("model", .text).notNull()
            t.column("title", .text).notNull()
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
        }
        try db.create(index: "conversation_member_updated", on: "conversation", columns: ["memberId", "updatedAt"])
        try db.create(table: "chatMessage") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("conversation", onDelete: .cascade).notNull()
            t.column("role", .text).notNull()
            t.column("content", .text).notNull()
            t.column("failure", .text)
            t.column("createdAt", .datetime).notNull()
        }
    }

    /// The addresses each name has signed in from (the throttle's per-name cap spares them),
    /// and each session's last request (for the idle timeout).
    private static func createSignInHardening(_ db: Database) throws {
        try db.create(table: "signInKnownAddress") { t in
            t.column("name", .text).notNull().collate(.nocase)
            t.column("address", .text).notNull()
            t.column("at", .datetime).notNull().indexed()
            t.primaryKey(["name", "address"])
        }
        try db.alter(table: "session") { t in
            t.add(column: "lastSeenAt", .datetime)
        }
        try db.execute(sql: "UPDATE session SET lastSeenAt = createdAt")
    }

    /// The last reading of each provider in each 8-hour bucket (`BalanceStore.chartBucketSeconds`),
    /// kept by a trigger: the balances page charts a month from ~90 rows a provider, whatever
    /// the refresh interval, instead of reading and converting every reading's time.
    private static func createBalanceChartPoints(_ db: Database) throws {
        /// Upserts `(providerId, seconds, amount)` rows of `source`: a later reading replaces the
        /// point of its bucket, an earlier one does not.
        func upsert(from source: String) -> String {
            """
            INSERT INTO balanceChartPoint (providerId, bucket, time, amount)
              SELECT providerId, CAST(seconds AS INTEGER) / \(BalanceStore.chartBucketSeconds), seconds, amount
              FROM (\(source)) WHERE seconds IS NOT NULL
              ON CONFLICT (providerId, bucket) DO UPDATE SET time = excluded.time, amount = excluded.amount
              WHERE excluded.time >= balanceChartPoint.time
            """
        }
        func seconds(_ column: String) -> String { "(julianday(\(column)) - 2440587.5) * 86400.0" }
        try db.execute(sql: """
            CREATE TABLE balanceChartPoint (
              providerId INTEGER NOT NULL REFERENCES provider(id) ON DELETE CASCADE,
              bucket INTEGER NOT NULL, time DOUBLE NOT NULL, amount DOUBLE NOT NULL,
              PRIMARY KEY (providerId, bucket)) WITHOUT ROWID;
            CREATE TRIGGER balanceReading_chartPoint AFTER INSERT ON balanceReading BEGIN
            \(upsert(from: "SELECT NEW.providerId AS providerId, \(seconds("NEW.readAt")) AS seconds, NEW.amount AS amount"));
            END;
            """)
        // Readings taken before this migration.
        try db.execute(sql: upsert(from: "SELECT providerId, \(seconds("readAt")) AS seconds, amount FROM balanceReading ORDER BY id"))
    }

    /// Each provider's price table in its one unit (`providerPricing`, written once the lead
    /// edits or imports prices; until then the preset's defaults apply), and usage entries marked
    /// when no price was set, so that spend can say how much of it is unknown.
    private static func createPriceTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE providerPricing (
              providerId INTEGER PRIMARY KEY REFERENCES provider(id) ON DELETE CASCADE,
              unit TEXT NOT NULL);
            CREATE TABLE price (
              providerId INTEGER NOT NULL REFERENCES provider(id) ON DELETE CASCADE,
              route TEXT NOT NULL, model TEXT NOT NULL, basis TEXT NOT NULL, amount DOUBLE NOT NULL, note TEXT NOT NULL,
              PRIMARY KEY (providerId, route, model)) WITHOUT ROWID;
            ALTER TABLE usageEntry ADD COLUMN isPriced BOOLEAN NOT NULL DEFAULT 1;
            CREATE INDEX usageEntry_unpriced ON usageEntry (memberId, providerId, day) WHERE isPriced = 0;
            """)
    }
}
