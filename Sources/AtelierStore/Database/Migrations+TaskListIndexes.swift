import GRDB

extension Migrations {
    /// Task lists page by (createdAt, id), newest first (`TaskStore.listPage`): the id joins the
    /// list indexes so the order and the cursor's tie-break come from the index, never from a
    /// sort of the whole team's tasks. The v2 indexes they extend are dropped.
    static func createTaskListIndexes(_ db: Database) throws {
        try db.drop(index: "task_member_created")
        try db.drop(index: "task_created")
        try db.create(index: "task_member_created_id", on: "task", columns: ["memberId", "createdAt", "id"])
        try db.create(index: "task_created_id", on: "task", columns: ["createdAt", "id"])
    }
}
