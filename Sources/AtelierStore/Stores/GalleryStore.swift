import Foundation
import GRDB

/// The gallery: every kept output and text a member may look at, filtered, searched and paged
/// by a keyset cursor, plus what members do with them (`GalleryStore+Curation.swift`).
///
/// Privacy is applied in every query, never by the caller: a viewer sees the team's assets and
/// their own private ones; another member's private asset is absent from lists and lookups.
public struct GalleryStore: Sendable {
    let database: AtelierDatabase
    /// Each viewer's collections for the pickers, kept until a collection, what it holds or an
    /// owner's name changes.
    let collectionLists = VersionedCache<Int64, [GalleryCollection]>()

    public init(database: AtelierDatabase) {
        self.database = database
    }

    /// The privacy rule, for a query binding `:viewer`.
    static let visibleToViewer = "(a.visibility = 'team' OR a.memberId = :viewer)"

    /// A page of `limit` tiles of what `viewerID` may see under `filter`, from `position`.
    /// Throws `GalleryRefusal` for a cursor made for another member or a collection the viewer
    /// may not open.
    public func page(viewerID: Int64, filter: GalleryFilter, from position: GalleryPosition, limit: Int) async throws -> GalleryPage {
        let limit = max(1, min(limit, 200))
        switch position {
        case .first: break
        case .after(let cursor), .before(let cursor):
            guard cursor.memberID == viewerID else { throw GalleryRefusal(field: position.field) }
        }
        return try await database.read { db in
            try Self.checkCollection(db, filter.collectionID, viewerID: viewerID)
            return try Self.page(db, viewerID: viewerID, filter: filter, from: position, limit: limit)
        }
    }

    static func page(_ db: Database, viewerID: Int64, filter: GalleryFilter, from position: GalleryPosition, limit: Int) throws -> GalleryPage {
        switch position {
        case .first:
            let tiles = try tiles(db, viewerID: viewerID, filter: filter, cursor: nil, backwards: false, limit: limit + 1)
            return GalleryPage(tiles: Array(tiles.prefix(limit)),
                               next: tiles.count > limit ? .after(tiles[limit - 1].cursor(for: viewerID)) : nil, previous: nil)
        case .after(let cursor):
            let tiles = try tiles(db, viewerID: viewerID, filter: filter, cursor: cursor, backwards: false, limit: limit + 1)
            return GalleryPage(tiles: Array(tiles.prefix(limit)),
                               next: tiles.count > limit ? .after(tiles[limit - 1].cursor(for: viewerID)) : nil,
                               previous: tiles.first.map { .before($0.cursor(for: viewerID)) } ?? .first)
        case .before(let cursor):
            let tiles = try tiles(db, viewerID: viewerID, filter: filter, cursor: cursor, backwards: true, limit: limit + 1)
            guard tiles.count > limit else { return try page(db, viewerID: viewerID, filter: filter, from: .first, limit: limit) }
            let page = Array(tiles.prefix(limit).reversed())
            return GalleryPage(tiles: page, next: page.last.map { .after($0.cursor(for: viewerID)) },
                               previous: page.first.map { .before($0.cursor(for: viewerID)) })
        }
    }

    /// The tiles just before and after one asset in the list `filter` makes (the asset page's
    /// "Previous" and "Next").
    public func neighbours(of outputID: Int64, viewerID: Int64, filter: GalleryFilter) async throws -> (previous: GalleryTile?, next: GalleryTile?) {
        try await database.read { db in
            try Self.checkCollection(db, filter.collectionID, viewerID: viewerID)
            let cursor = GalleryCursor(outputID: outputID, memberID: viewerID)
            let previous = try Self.tiles(db, viewerID: viewerID, filter: filter, cursor: cursor, backwards: true, limit: 1).first
            let next = try Self.tiles(db, viewerID: viewerID, filter: filter, cursor: cursor, backwards: false, limit: 1).first
            return (previous, next)
        }
    }

    /// A collection filter must name one the viewer owns or one shared with the team.
    static func checkCollection(_ db: Database, _ collectionID: Int64?, viewerID: Int64) throws {
        guard let collectionID else { return }
        let visible = try Bool.fetchOne(db, sql: "SELECT 1 FROM galleryCollection WHERE id = ? AND (memberId = ? OR isShared)",
                                        arguments: [collectionID, viewerID]) ?? false
        guard visible else { throw GalleryRefusal(field: "collection") }
    }

    /// The tile columns, in this order, for `tile`.
    static let tileColumns = """
        a.outputId, a.taskId, a.position, a.kind, a.memberId, a.memberName, a.providerName, a.model,
        a.promptPrefix, o.title, substr(o.text, 1, \(GalleryTile.textPrefixLength)),
        o.width, o.height, o.duration, o.thumbnailSmallPath IS NOT NULL, o.posterPath IS NOT NULL, a.createdAt, a.visibility,
        EXISTS (SELECT 1 FROM galleryFavourite f WHERE f.memberId = :viewer AND f.outputId = a.outputId)
        """

    private static func tiles(_ db: Database, viewerID: Int64, filter: GalleryFilter, cursor: GalleryCursor?, backwards: Bool,
                              limit: Int) throws -> [GalleryTile] {
        var conditions = [visibleToViewer]
        var arguments: [String: (any DatabaseValueConvertible)?] = ["viewer": viewerID, "limit": limit]
        if let kind = filter.kind {
            conditions.append("a.kind = :kind")
            arguments["kind"] = kind.rawValue
        }
        if let provider = filter.provider {
            conditions.append("a.providerName = :provider")
            arguments["provider"] = provider
        }
        if let model = filter.model {
            conditions.append("a.model = :model")
            arguments["model"] = model
        }
        if filter.mine { conditions.append("a.memberId = :viewer") }
        if let member = filter.memberID {
            conditions.append("a.memberId = :member")
            arguments["member"] = member
        }
        if let from = filter.from {
            conditions.append("a.createdAt >= :from")
            arguments["from"] = DatabaseTimestamp(from)
        }
        if let to = filter.to {
            conditions.append("a.createdAt < :to")
            arguments["to"] = DatabaseTimestamp(to)
        }
        if filter.favourites {
            conditions.append("a.outputId IN (SELECT outputId FROM galleryFavourite WHERE memberId = :viewer)")
        }
        if let collection = filter.collectionID {
            conditions.append("a.outputId IN (SELECT outputId FROM galleryCollectionItem WHERE collectionId = :collection)")
            arguments["collection"] = collection
        }
        if let tag = filter.tag {
            conditions.append("a.outputId IN (SELECT outputId FROM galleryTag WHERE tag = :tag)")
            arguments["tag"] = tag
        }
        // Newest first reads backwards; "backwards" turns the list's order around. A search
        // walks the text index in its rowid (= output id) order, which FTS5 gives without a
        // sort, and stops at a page; other lists walk the assets' rowid or a one-column index.
        let descending = (filter.sort == .newest) != backwards
        var from = "galleryAsset a"
        var order = "a.outputId"
        if let search = filter.search {
            from = "galleryText g CROSS JOIN galleryAsset a ON a.outputId = g.rowid"
            order = "g.rowid"
            if let match = search.matchExpression {
                conditions.append("galleryText MATCH :match")
                arguments["match"] = match
            }
            for (index, term) in search.shortTerms.enumerated() {
                let name = "like\(index)"
                conditions.append("(g.prompt LIKE :\(name) ESCAPE '\\' OR g.title LIKE :\(name) ESCAPE '\\' OR g.body LIKE :\(name) ESCAPE '\\' OR g.tags LIKE :\(name) ESCAPE '\\')")
                arguments[name] = GallerySearch.likePattern(term)
            }
        }
        if let cursor {
            conditions.append("\(order) \(descending ? "<" : ">") :id")
            arguments["id"] = cursor.outputID
        }
        let direction = descending ? "DESC" : "ASC"
        let sql = """
            SELECT \(tileColumns) FROM \(from) JOIN taskOutput o ON o.id = a.outputId
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(order) \(direction) LIMIT :limit
            """
        return try StatementColumns.rows(of: try db.cachedStatement(sql: sql), arguments: StatementArguments(arguments), tile)
    }

    /// One row of `tileColumns`, read by position and storage class (`StatementColumns`); a
    /// value of the wrong type is an error, never a crash, and a duration that is not a finite
    /// number is no duration.
    static func tile(_ columns: StatementColumns) throws -> GalleryTile {
        GalleryTile(
            outputID: try columns.int64(0), taskID: try columns.text(1), position: try columns.integer(2),
            kind: try columns.text(3), memberID: try columns.optionalInt64(4), memberName: try columns.text(5),
            providerName: try columns.text(6), model: try columns.text(7), promptPrefix: try columns.text(8),
            title: try columns.optionalText(9), textPrefix: try columns.optionalText(10), width: try columns.optionalInt64(11).map(Int.init),
            height: try columns.optionalInt64(12).map(Int.init), duration: try columns.optionalReal(13).flatMap { $0.isFinite ? $0 : nil },
            hasSmallThumbnail: try columns.integer(14) != 0, hasPoster: try columns.integer(15) != 0, createdAt: try columns.date(16),
            isPrivate: try columns.text(17) == "private", isFavourite: try columns.integer(18) != 0)
    }
}

extension GalleryPosition {
    /// The query field a position comes from.
    var field: String {
        switch self {
        case .first: "page"
        case .after: "after"
        case .before: "before"
        }
    }
}
