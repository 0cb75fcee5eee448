import AtelierStore
import Foundation
import GRDB
import XCTest

/// Outputs kept before thumbnails existed get theirs from atelier-server's background pass at
/// start-up, with progress in its log, while nginx gets answers; a corrupt file is marked failed
/// and the pass goes on.
final class DerivativesAtStartThroughNginxTests: XCTestCase {
    var directory: URL!
    var server: AtelierServerProcess?
    var nginx: NginxFront?

    override func setUpWithError() throws {
        directory = try TestEnvironment.temporaryDirectory("e2e-derivatives")
    }

    override func tearDownWithError() throws {
        nginx?.stop()
        server?.child.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    func testOldOutputsGetThumbnailsFromTheStartUpPassWhileTheServerAnswers() throws {
        // A first start makes the database; then rows as an older version left them.
        var first: AtelierServerProcess? = try AtelierServerProcess(directory: directory)
        first?.child.stop()
        first = nil
        let media = directory.appendingPathComponent("media")
        try FileManager.default.createDirectory(at: media.appendingPathComponent("ol/dd"), withIntermediateDirectories: true)
        try ffmpeg(["-f", "lavfi", "-i", "testsrc=size=1200x800:rate=1", "-frames:v", "1", media.appendingPathComponent("ol/dd/old.png").path])
        try ffmpeg(["-f", "lavfi", "-i", "testsrc=size=640x360:rate=25", "-t", "2", "-c:v", "mpeg4",
                    media.appendingPathComponent("ol/dd/old.mp4").path])
        try Data([0x89, 0x50, 0x4E, 0x47] + Array(repeating: 7, count: 500)).write(to: media.appendingPathComponent("ol/dd/bad.png"))
        let database = try DatabaseQueue(path: directory.appendingPathComponent("atelier.sqlite").path)
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO task (id, memberName, providerName, family, operation, kind, model, prompt, request, idempotencyKey, status,
                  progress, createdAt, updatedAt, deadlineAt, pollFailures)
                VALUES ('old-task', 'lead', 'Demo', 'openai', 'openai-image', 'image', 'dall-e-3', 'an old kite', '{}', 'old-1', 'succeeded',
                  100, '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000', '2026-01-01 01:00:00.000', 0)
                """)
            for (position, kind, path) in [(0, "image", "ol/dd/bad.png"), (1, "image", "ol/dd/old.png"), (2, "video", "ol/dd/old.mp4")] {
                try db.execute(sql: """
                    INSERT INTO taskOutput (taskId, position, kind, state, attempts, relativePath) VALUES ('old-task', ?, ?, 'kept', 1, ?)
                    """, arguments: [position, kind, path])
            }
        }

        server = try AtelierServerProcess(directory: directory)
        let running = try XCTUnwrap(server)
        nginx = try NginxFront(socket: running.socket, directory: directory)
        XCTAssertEqual(try nginx?.get("/healthz").status, 200)
        XCTAssertTrue(waitUntil(timeout: 30) { running.child.log.contains("derivatives: 3/3") }, running.child.log)
        XCTAssertTrue(running.child.log.contains("derivatives: 0/3"))
        XCTAssertTrue(running.child.log.contains("derivatives not made"), "the corrupt file is logged")
        XCTAssertEqual(try nginx?.get("/healthz").status, 200, "the server goes on")

        let rows = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT derivativesState, thumbnailSmallPath, posterPath, width, duration FROM taskOutput ORDER BY position")
                .map { ($0["derivativesState"] as String?, $0["thumbnailSmallPath"] as String?, $0["posterPath"] as String?,
                        $0["width"] as Int?, $0["duration"] as Double?) }
        }
        XCTAssertEqual(rows.map(\.0), ["failed", "made", "made"])
        XCTAssertEqual(rows[1].1, "ol/dd/old.320.webp")
        XCTAssertEqual(rows[1].3, 1200)
        XCTAssertEqual(rows[2].2, "ol/dd/old.poster.jpg")
        XCTAssertEqual(rows[2].4 ?? 0, 2, accuracy: 0.1)
        for path in ["ol/dd/old.320.webp", "ol/dd/old.960.webp", "ol/dd/old.poster.jpg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: media.appendingPathComponent(path).path), path)
        }
    }

    private func ffmpeg(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        process.arguments = ["-nostdin", "-loglevel", "error", "-y"] + arguments
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "ffmpeg \(arguments)")
    }
}
