@testable import AtelierStore
import Foundation
import GRDB
import XCTest

/// Migration v10 adds every output kept before it to the gallery and its text index.
final class GalleryMigrationTests: XCTestCase {
    func testOutputsKeptBeforeTheMigrationAreInTheGalleryAndSearchable() throws {
        XCTAssertNoThrow(try DatabaseQueue().write { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'trigram')")
        }, "this SQLite has FTS5 with the trigram tokenizer")
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v9: output thumbnails and posters")
        try queue.write { db in
            let at = Date(timeIntervalSince1970: 1_780_000_000)
            var task = TaskRecord(id: "old", memberId: nil, memberName: "gone", providerId: nil, providerName: "Sim", family: "suno",
                                  operation: "suno-music", kind: "audio", model: "chirp", prompt: "一首关于大海的歌", request: "{}",
                                  idempotencyKey: "k", createdAt: at, deadlineAt: at)
            task.status = .succeeded
            try task.insert(db)
            var clip = TaskOutputRecord(taskId: "old", position: 0, kind: "audio", sourceURL: "https://x/a", title: "Ocean Song")
            clip.state = .kept
            clip.relativePath = "aa/bb/a.wav"
            try clip.insert(db)
            var failed = TaskOutputRecord(taskId: "old", position: 1, kind: "audio", sourceURL: "https://x/b")
            failed.state = .failed
            try failed.insert(db)
        }
        try Migrations.migrator.migrate(queue)
        try queue.read { db in
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT count(*) FROM galleryAsset"), 1, "only the kept clip")
            XCTAssertEqual(try String.fetchOne(db, sql: "SELECT a.taskId FROM galleryText JOIN galleryAsset a ON a.outputId = galleryText.rowid WHERE galleryText MATCH '\"ocean\"'"), "old")
            // The store's LIKE for short terms carries an ESCAPE clause: this SQLite's trigram
            // LIKE of fewer than three characters finds nothing, the plain scan finds the row.
            XCTAssertEqual(try Int.fetchOne(db, sql: #"SELECT count(*) FROM galleryText WHERE prompt LIKE '%大海%' ESCAPE '\'"#), 1)
        }
    }
}
