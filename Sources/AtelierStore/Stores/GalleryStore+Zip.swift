import Foundation
import GRDB

/// A kept file chosen for a ZIP download, with the facts its `metadata.csv` row lists.
public struct GalleryZipFile: Sendable, Hashable {
    public var outputID: Int64
    public var taskID: String
    public var position: Int
    /// Path under the media folder.
    public var relativePath: String
    public var prompt: String
    public var model: String
    public var providerName: String
    public var memberName: String
    public var cost: Double?
    public var costUnit: String?
    public var createdAt: Date
}

extension GalleryStore {
    /// The kept files among `outputIDs` (at most `bulkLimit`, duplicates once) that `viewerID`
    /// may see, in the order given; texts, outputs not kept and others' private ones are left out.
    public func zipFiles(_ outputIDs: [Int64], viewerID: Int64) async throws -> [GalleryZipFile] {
        try await database.read { db in
            let visible = try Self.visibleIDs(db, outputIDs, viewerID: viewerID)
            guard !visible.isEmpty else { return [] }
            let placeholders = visible.map { _ in "?" }.joined(separator: ", ")
            let statement = try db.makeStatement(sql: """
                SELECT o.id, o.taskId, o.position, o.relativePath, t.prompt, t.model, t.providerName, t.memberName, t.cost, t.costUnit,
                       t.createdAt
                FROM taskOutput o JOIN task t ON t.id = o.taskId
                WHERE o.id IN (\(placeholders)) AND o.state = 'kept' AND o.relativePath IS NOT NULL
                """)
            let files = try StatementColumns.rows(of: statement, arguments: StatementArguments(visible)) { columns in
                GalleryZipFile(outputID: try columns.int64(0), taskID: try columns.text(1), position: try columns.integer(2),
                               relativePath: try columns.text(3), prompt: try columns.text(4), model: try columns.text(5),
                               providerName: try columns.text(6), memberName: try columns.text(7), cost: try columns.optionalReal(8),
                               costUnit: try columns.optionalText(9), createdAt: try columns.date(10))
            }
            let order = Dictionary(uniqueKeysWithValues: visible.enumerated().map { ($0.element, $0.offset) })
            return files.sorted { (order[$0.outputID] ?? 0) < (order[$1.outputID] ?? 0) }
        }
    }
}
