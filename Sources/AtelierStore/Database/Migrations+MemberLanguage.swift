import GRDB

extension Migrations {
    /// The language a member chose with the language switch (a tag such as `en` or `zh-Hans`),
    /// kept on their account so that it follows them to any browser; NULL until they choose.
    static func addMemberLanguage(_ db: Database) throws {
        try db.alter(table: "member") { t in
            t.add(column: "language", .text)
        }
    }
}
