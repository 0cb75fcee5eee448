import Foundation
import GRDB

extension GalleryStore {
    /// The most outputs one bulk action takes.
    public static let bulkLimit = 200

    /// Makes one of `ownerID`'s outputs private or the team's again; false when it is not
    /// theirs (or not in the gallery).
    public func setPrivate(_ isPrivate: Bool, outputID: Int64, ownerID: Int64) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "UPDATE galleryAsset SET visibility = ? WHERE outputId = ? AND memberId = ?",
                           arguments: [isPrivate ? "private" : "team", outputID, ownerID])
            return db.changesCount == 1
        }
    }

    /// Marks or unmarks one asset `memberID` may see as their favourite; false when they may not see it.
    public func setFavourite(_ isFavourite: Bool, outputID: Int64, memberID: Int64) async throws -> Bool {
        try await database.write { db in
            guard try Self.visibleIDs(db, [outputID], viewerID: memberID) == [outputID] else { return false }
            if isFavourite {
                try db.execute(sql: "INSERT OR IGNORE INTO galleryFavourite (memberId, outputId) VALUES (?, ?)", arguments: [memberID, outputID])
            } else {
                try db.execute(sql: "DELETE FROM galleryFavourite WHERE memberId = ? AND outputId = ?", arguments: [memberID, outputID])
            }
            return true
        }
    }

    /// Adds `tag` (see `GalleryNames.tag`) to the outputs `viewerID` may see; answers how many
    /// of them were found.
    public func addTag(_ tag: String, to outputIDs: [Int64], viewerID: Int64) async throws -> Int {
        try await database.write { db in
            let visible = try Self.visibleIDs(db, outputIDs, viewerID: viewerID)
            for id in visible {
                try db.execute(sql: "INSERT OR IGNORE INTO galleryTag (outputId, tag) VALUES (?, ?)", arguments: [id, tag])
            }
            return visible.count
        }
    }

    /// Removes a tag from an output `viewerID` may see; false when they may not see it.
    public func removeTag(_ tag: String, from outputID: Int64, viewerID: Int64) async throws -> Bool {
        try await database.write { db in
            guard try Self.visibleIDs(db, [outputID], viewerID: viewerID) == [outputID] else { return false }
            try db.execute(sql: "DELETE FROM galleryTag WHERE outputId = ? AND tag = ?", arguments: [outputID, tag])
            return true
        }
    }

    /// Makes a collection of `ownerID`'s; answers its id.
    public func createCollection(name: String, isShared: Bool, ownerID: Int64, now: Date = Date()) async throws -> Int64 {
        try await database.write { db in
            try db.execute(sql: "INSERT INTO galleryCollection (memberId, name, isShared, createdAt) VALUES (?, ?, ?, ?)",
                           arguments: [ownerID, name, isShared, DatabaseTimestamp(now)])
            return db.lastInsertedRowID
        }
    }

    /// Renames a collection and sets whether it is shared; false when it is not `ownerID`'s.
    public func updateCollection(_ id: Int64, name: String, isShared: Bool, ownerID: Int64) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "UPDATE galleryCollection SET name = ?, isShared = ? WHERE id = ? AND memberId = ?",
                           arguments: [name, isShared, id, ownerID])
            return db.changesCount == 1
        }
    }

    /// Deletes a collection (never its outputs); false when it is not `ownerID`'s.
    public func deleteCollection(_ id: Int64, ownerID: Int64) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM galleryCollection WHERE id = ? AND memberId = ?", arguments: [id, ownerID])
            return db.changesCount == 1
        }
    }

    /// Adds (or with `remove`, takes out) the outputs `ownerID` may see to one of their
    /// collections; throws `GalleryRefusal` on `collection` when it is not theirs. Answers how
    /// many outputs were found.
    public func collect(_ outputIDs: [Int64], into collectionID: Int64, ownerID: Int64, remove: Bool = false) async throws -> Int {
        try await database.write { db in
            let owned = try Bool.fetchOne(db, sql: "SELECT 1 FROM galleryCollection WHERE id = ? AND memberId = ?",
                                          arguments: [collectionID, ownerID]) ?? false
            guard owned else { throw GalleryRefusal(field: "collection") }
            let visible = try Self.visibleIDs(db, outputIDs, viewerID: ownerID)
            for id in visible {
                try db.execute(sql: remove ? "DELETE FROM galleryCollectionItem WHERE collectionId = ? AND outputId = ?"
                                           : "INSERT OR IGNORE INTO galleryCollectionItem (collectionId, outputId) VALUES (?, ?)",
                               arguments: [collectionID, id])
            }
            return visible.count
        }
    }

    /// Deletes outputs: a member's own, or any the lead may see (`isLead`). Each deletion is
    /// one audit entry, in the same transaction. The outputs' rows go (and with them their
    /// tags, favourites and places in collections); the answer lists the files, thumbnails and
    /// posters no other output uses, for the caller to remove.
    public func delete(_ outputIDs: [Int64], by actor: Actor, viewerID: Int64, isLead: Bool) async throws -> GalleryDeletion {
        try await database.write { db in
            var deleted = 0
            var candidates: Set<String> = []
            for id in try Self.visibleIDs(db, outputIDs, viewerID: viewerID) {
                guard let output = try TaskOutputRecord.fetchOne(db, key: id),
                      let owner = try Int64?.fetchOne(db, sql: "SELECT memberId FROM galleryAsset WHERE outputId = ?", arguments: [id]),
                      isLead || owner == viewerID else { continue }
                for path in [output.relativePath, output.thumbnailSmallPath, output.thumbnailLargePath, output.posterPath] {
                    if let path { candidates.insert(path) }
                }
                try db.execute(sql: "DELETE FROM taskOutput WHERE id = ?", arguments: [id])
                try AuditLog.append(db, actor, "output.delete", target: "\(output.taskId)/\(output.position)",
                                    detail: "\(output.kind) \(output.byteCount ?? 0) bytes")
                deleted += 1
            }
            let unused = try candidates.sorted().filter { path in
                try !(Bool.fetchOne(db, sql: """
                    SELECT 1 FROM taskOutput WHERE relativePath = :path OR thumbnailSmallPath = :path
                      OR thumbnailLargePath = :path OR posterPath = :path LIMIT 1
                    """, arguments: ["path": path]) ?? false)
            }
            return GalleryDeletion(deleted: deleted, unusedFiles: unused)
        }
    }

    /// Storage used per member and kind (the lead's table), largest first.
    public func storage() async throws -> [GalleryStorageLine] {
        try await database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT t.memberName, a.kind, count(*), coalesce(sum(o.byteCount), 0)
                FROM galleryAsset a JOIN taskOutput o ON o.id = a.outputId JOIN task t ON t.id = a.taskId
                GROUP BY t.memberName, a.kind ORDER BY 4 DESC, 1, 2 LIMIT 1000
                """).map { GalleryStorageLine(memberName: $0[0], kind: $0[1], outputs: $0[2], bytes: $0[3]) }
        }
    }

    /// The ids among `ids` (at most `bulkLimit`) that `viewerID` may see, in the order given.
    static func visibleIDs(_ db: Database, _ ids: [Int64], viewerID: Int64) throws -> [Int64] {
        var seen: Set<Int64> = []
        let unique = ids.prefix(bulkLimit).filter { seen.insert($0).inserted }
        guard !unique.isEmpty else { return [] }
        let placeholders = unique.map { _ in "?" }.joined(separator: ", ")
        let visible = try Set(Int64.fetchAll(db, sql: """
            SELECT outputId FROM galleryAsset WHERE outputId IN (\(placeholders)) AND (visibility = 'team' OR memberId = ?)
            """, arguments: StatementArguments(unique + [viewerID])))
        return unique.filter(visible.contains)
    }
}
