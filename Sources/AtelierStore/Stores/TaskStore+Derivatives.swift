import GRDB

extension TaskStore {
    /// How many kept outputs have had no attempt at their thumbnails, poster and facts yet.
    public func countOutputsWithoutDerivatives() async throws -> Int {
        try await database.read { db in
            try Self.withoutDerivatives.fetchCount(db)
        }
    }

    /// Kept outputs without an attempt at their derivatives, by id, after `afterID`: the
    /// background pass walks them in batches.
    public func outputsWithoutDerivatives(afterID: Int64, limit: Int) async throws -> [TaskOutputRecord] {
        try await database.read { db in
            try Self.withoutDerivatives.filter(Column("id") > afterID).order(Column("id")).limit(limit).fetchAll(db)
        }
    }

    /// Saves an output's derivative paths, their state and its facts (width, height, duration),
    /// leaving every other column as it is in the database.
    public func saveDerivatives(of output: TaskOutputRecord) async throws {
        guard let id = output.id else { return }
        try await database.write { db in
            try db.execute(
                sql: """
                UPDATE taskOutput SET thumbnailSmallPath = ?, thumbnailLargePath = ?, posterPath = ?, derivativesState = ?,
                    width = ?, height = ?, duration = ?
                WHERE id = ?
                """,
                arguments: [output.thumbnailSmallPath, output.thumbnailLargePath, output.posterPath, output.derivativesState,
                            output.width, output.height, output.duration, id])
        }
    }

    private static var withoutDerivatives: QueryInterfaceRequest<TaskOutputRecord> {
        TaskOutputRecord.filter(Column("state") == OutputState.kept.rawValue).filter(Column("derivativesState") == nil)
    }
}
