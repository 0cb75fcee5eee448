import GRDB

extension Migrations {
    /// What the gallery shows instead of an output's full file: two thumbnail sizes of an image,
    /// a poster for a video (its frame) or an audio clip (the cover art its provider offers), and
    /// whether they were made. Outputs kept before this migration have no state yet: a pass in
    /// the background makes theirs.
    static func addOutputDerivatives(_ db: Database) throws {
        try db.alter(table: "taskOutput") { t in
            t.add(column: "coverSourceURL", .text)
            t.add(column: "thumbnailSmallPath", .text)
            t.add(column: "thumbnailLargePath", .text)
            t.add(column: "posterPath", .text)
            t.add(column: "derivativesState", .text)
        }
    }
}
