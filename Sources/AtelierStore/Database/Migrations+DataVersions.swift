import GRDB

extension Migrations {
    /// Counters that triggers bump whenever a group of tables changes (`DataVersion`), so a
    /// process can keep what it built from them (the studio's provider choices, the balance
    /// charts) until the next change, by whichever process or tool makes it.
    static func createDataVersions(_ db: Database) throws {
        try db.execute(sql: "CREATE TABLE dataVersion (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID")
        for version in DataVersion.allCases {
            try db.execute(sql: "INSERT INTO dataVersion (name, value) VALUES (?, 0)", arguments: [version.rawValue])
            for table in version.tables {
                for event in ["INSERT", "UPDATE", "DELETE"] {
                    try db.execute(sql: """
                        CREATE TRIGGER \(table)_\(event.lowercased())_bumps_\(version.rawValue) AFTER \(event) ON \(table)
                        BEGIN UPDATE dataVersion SET value = value + 1 WHERE name = '\(version.rawValue)'; END
                        """)
                }
            }
        }
    }
}
