import GRDB

extension GalleryStore {
    /// A member's tasks still under way (not finished, not unknown), newest first, for the
    /// signed-in home page: the task list's lean rows. Read through the partial index of
    /// unfinished tasks (`task_due`, whose condition the query repeats word for word), a few
    /// rows team-wide, instead of every task of the member (3 ms for 5,000 of them).
    public func runningTasks(memberID: Int64, limit: Int = 20) async throws -> [TaskListRow] {
        try await database.read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT \(TaskStore.listColumns) FROM task INDEXED BY task_due
                WHERE memberId = ? AND status NOT IN ('succeeded', 'failed', 'cancelled') AND status != 'unknown'
                ORDER BY createdAt DESC, id DESC LIMIT ?
                """)
            return try StatementColumns.rows(of: statement, arguments: [memberID, max(1, min(limit, 100))], TaskStore.listRow)
        }
    }
}
