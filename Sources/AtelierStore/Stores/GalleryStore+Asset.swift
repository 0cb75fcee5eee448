import Foundation
import GRDB

extension GalleryStore {
    /// The asset page's asset, or nil when there is none `viewerID` may see (absent, not kept,
    /// or another member's private one).
    public func asset(outputID: Int64, viewerID: Int64) async throws -> GalleryAsset? {
        try await database.read { db in
            guard let meta = try Row.fetchOne(db, sql: """
                SELECT a.visibility, EXISTS (SELECT 1 FROM galleryFavourite WHERE memberId = :viewer AND outputId = a.outputId) AS favourite
                FROM galleryAsset a WHERE a.outputId = :output AND \(Self.visibleToViewer)
                """, arguments: ["viewer": viewerID, "output": outputID]),
                let output = try TaskOutputRecord.fetchOne(db, key: outputID),
                let task = try TaskRecord.fetchOne(db, key: output.taskId)
            else { return nil }
            let tags = try String.fetchAll(db, sql: "SELECT tag FROM galleryTag WHERE outputId = ? ORDER BY tag", arguments: [outputID])
            let collections = try Self.collections(db, viewerID: viewerID, holding: outputID)
            let ledTo = try StatementColumns.rows(
                of: try db.cachedStatement(sql: "SELECT \(TaskStore.listColumns) FROM task WHERE parentId = ? ORDER BY createdAt, id LIMIT 50"),
                arguments: [task.id], TaskStore.listRow)
            let visibility: String = meta["visibility"]
            let favourite: Bool = meta["favourite"]
            return GalleryAsset(task: task, output: output, isPrivate: visibility == "private", isFavourite: favourite, tags: tags,
                                collections: collections, ledTo: ledTo)
        }
    }

    /// The kept output at `taskID`/`position` when `viewerID` may see it (for the file routes),
    /// nil otherwise: another member's private output answers as if it did not exist.
    public func keptFile(taskID: String, position: Int, viewerID: Int64) async throws -> TaskOutputRecord? {
        try await database.read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT o.* FROM taskOutput o JOIN galleryAsset a ON a.outputId = o.id
                WHERE o.taskId = :task AND o.position = :position AND o.state = 'kept' AND \(Self.visibleToViewer)
                """)
            return try TaskOutputRecord.fetchOne(statement, arguments: ["task": taskID, "position": position, "viewer": viewerID])
        }
    }

    /// The collections `viewerID` may open (their own, then the shared ones), with their sizes;
    /// with `holding`, only those that hold that output.
    public func collections(viewerID: Int64) async throws -> [GalleryCollection] {
        try await database.read { db in
            try collectionLists.value(db, counter: .collections, for: viewerID) { db in
                try Self.collections(db, viewerID: viewerID, holding: nil)
            }
        }
    }

    static func collections(_ db: Database, viewerID: Int64, holding outputID: Int64?) throws -> [GalleryCollection] {
        var sql = """
            SELECT c.id, c.memberId, coalesce(m.displayName, ''), c.name, c.isShared,
              (SELECT count(*) FROM galleryCollectionItem i WHERE i.collectionId = c.id)
            FROM galleryCollection c LEFT JOIN member m ON m.id = c.memberId
            WHERE (c.memberId = :viewer OR c.isShared)
            """
        var arguments: [String: (any DatabaseValueConvertible)?] = ["viewer": viewerID]
        if let outputID {
            sql += " AND c.id IN (SELECT collectionId FROM galleryCollectionItem WHERE outputId = :output)"
            arguments["output"] = outputID
        }
        sql += " ORDER BY c.memberId != :viewer, c.name COLLATE NOCASE, c.id LIMIT 500"
        return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
            GalleryCollection(id: row[0], memberID: row[1], ownerName: row[2], name: row[3], isShared: row[4], itemCount: row[5])
        }
    }
}

extension GalleryStore {
    /// The positions of a task's outputs `viewerID` may not see (another member's private
    /// ones), for the task and compare pages to leave out.
    public func hiddenPositions(taskID: String, viewerID: Int64) async throws -> Set<Int> {
        try await database.read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT position FROM galleryAsset WHERE taskId = ? AND visibility = 'private' AND memberId IS NOT ?
                """)
            return Set(try Int.fetchAll(statement, arguments: [taskID, viewerID]))
        }
    }
}
