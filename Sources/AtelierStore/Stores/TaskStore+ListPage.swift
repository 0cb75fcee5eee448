import Foundation
import GRDB

/// Where a page of a task list starts.
public enum TaskListPosition: Sendable, Hashable {
    /// The newest tasks.
    case first
    /// The tasks just older than this position (the "Older" link).
    case olderThan(TaskCursor)
    /// The tasks just newer than this position (the "Newer" link).
    case newerThan(TaskCursor)
}

/// One page of a task list, newest first, with the positions of the pages around it (nil when
/// there is none that way).
public struct TaskListPage: Sendable {
    public var rows: [TaskListRow]
    public var older: TaskListPosition?
    public var newer: TaskListPosition?
}

extension TaskStore {
    /// A page of one member's tasks (`memberID`) or the team's (nil), newest first by
    /// (createdAt, id), `limit` rows from `position`. Keyset paging: a page is found by the
    /// position of the row before it, so tasks written between two page loads never shift a
    /// later page. Reads only the listed columns by position, through a cached statement, over
    /// the `(memberId, createdAt, id)` and `(createdAt, id)` indexes (migration v8).
    public func listPage(memberID: Int64?, from position: TaskListPosition, limit: Int) async throws -> TaskListPage {
        let limit = max(1, min(limit, 500))
        return try await database.read { db in try Self.listPage(db, memberID: memberID, from: position, limit: limit) }
    }

    static func listPage(_ db: Database, memberID: Int64?, from position: TaskListPosition, limit: Int) throws -> TaskListPage {
        switch position {
        case .first:
            let rows = try listRows(db, memberID: memberID, cursor: nil, newer: false, limit: limit + 1)
            return TaskListPage(rows: Array(rows.prefix(limit)), older: rows.count > limit ? .olderThan(rows[limit - 1].cursor) : nil,
                                newer: nil)
        case .olderThan(let cursor):
            let rows = try listRows(db, memberID: memberID, cursor: cursor, newer: false, limit: limit + 1)
            // A position past the end (an old or edited link) leads back to the first page.
            return TaskListPage(rows: Array(rows.prefix(limit)), older: rows.count > limit ? .olderThan(rows[limit - 1].cursor) : nil,
                                newer: rows.first.map { .newerThan($0.cursor) } ?? .first)
        case .newerThan(let cursor):
            let rows = try listRows(db, memberID: memberID, cursor: cursor, newer: true, limit: limit + 1)
            // Nothing newer beyond this page: it is the first page, shown whole.
            guard rows.count > limit else { return try listPage(db, memberID: memberID, from: .first, limit: limit) }
            let page = Array(rows.prefix(limit).reversed())
            return TaskListPage(rows: page, older: page.last.map { .olderThan($0.cursor) }, newer: page.first.map { .newerThan($0.cursor) })
        }
    }

    /// The listed columns, in this order, for `listRow`. The prompt is cut to its first
    /// `promptPrefixLength` scalars (SQLite's `substr` counts them), so a list never reads or
    /// walks the rest; a cluster of several scalars at the cut (a flag, a family emoji) may lose
    /// its tail there.
    static let listColumns = """
        id, memberName, providerName, model, operation, substr(prompt, 1, \(TaskListRow.promptPrefixLength)), status, progress,
        createdAt, finishedAt, cost, costUnit, estimatedCost
        """

    /// The SQL of one list query: a member's or the team's, from the start or from a cursor,
    /// older (descending) or newer (ascending) rows. The cursor's test is written as a range on
    /// createdAt plus a tie-break on id, so the index serves both the range and the order.
    static func listSQL(member: Bool, cursor: Bool, newer: Bool) -> String {
        var conditions: [String] = []
        if member { conditions.append("memberId = :member") }
        if cursor {
            conditions.append(newer ? "createdAt >= :at AND (createdAt > :at OR id > :id)" : "createdAt <= :at AND (createdAt < :at OR id < :id)")
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let direction = newer ? "ASC" : "DESC"
        return "SELECT \(listColumns) FROM task \(filter) ORDER BY createdAt \(direction), id \(direction) LIMIT :limit"
    }

    private static func listRows(_ db: Database, memberID: Int64?, cursor: TaskCursor?, newer: Bool, limit: Int) throws -> [TaskListRow] {
        let statement = try db.cachedStatement(sql: listSQL(member: memberID != nil, cursor: cursor != nil, newer: newer))
        var arguments: [String: (any DatabaseValueConvertible)?] = ["limit": limit]
        if let memberID { arguments["member"] = memberID }
        if let cursor {
            arguments["at"] = cursor.timestamp
            arguments["id"] = cursor.id
        }
        return try StatementColumns.rows(of: statement, arguments: StatementArguments(arguments), listRow)
    }

    /// One row of `listColumns`, read by position and storage class (`StatementColumns`).
    static func listRow(_ columns: StatementColumns) throws -> TaskListRow {
        guard let status = TaskState(rawValue: try columns.text(6)) else { throw ColumnReadError(column: 6) }
        return TaskListRow(id: try columns.text(0), memberName: try columns.text(1), providerName: try columns.text(2),
                           model: try columns.text(3), operation: try columns.text(4), promptPrefix: try columns.text(5),
                           status: status, progress: try columns.integer(7), createdAt: try columns.date(8),
                           finishedAt: try columns.optionalDate(9), cost: try columns.optionalReal(10),
                           costUnit: try columns.optionalText(11), estimatedCost: try columns.optionalReal(12))
    }
}
