import GRDB

extension GalleryStore {
    /// A member's tasks still under way (not finished, not unknown), newest first, for the
    /// signed-in home page: the task list's lean rows.
    public func runningTasks(memberID: Int64, limit: Int = 20) async throws -> [TaskListRow] {
        try await database.read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT \(TaskStore.listColumns) FROM task
                WHERE memberId = ? AND status NOT IN ('succeeded', 'failed', 'cancelled', 'unknown')
                ORDER BY createdAt DESC, id DESC LIMIT ?
                """)
            return try Row.fetchAll(statement, arguments: [memberID, max(1, min(limit, 100))]).map(TaskStore.listRow)
        }
    }
}
