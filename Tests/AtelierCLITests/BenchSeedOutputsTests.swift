import AtelierStore
import Foundation
import GRDB
import XCTest

/// `atelier bench-seed --outputs N` adds N kept outputs for the gallery: every kind, 20 members,
/// English and Chinese prompts, each on a real shared file whose thumbnails and poster exist, so
/// the server's background pass finds nothing left to make.
final class BenchSeedOutputsTests: XCTestCase {
    func testOutputsOfEveryKindFrom20MembersWithRealThumbnails() async throws {
        try await withCLI { cli in
            let run = try await cli.succeed(
                ["bench-seed", "--members", "30", "--providers", "2", "--usage", "10", "--tasks", "10", "--outputs", "3000",
                 "--media-dir", "bench-media"],
                env: ["ATELIER_LEAD_PASSWORD": "bench lead password"])
            XCTAssertTrue(run.stdout.contains("seeded 3000 gallery outputs over "), run.stdout)

            let team = try cli.team()
            let rows = try await team.database.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT o.kind, o.state, o.relativePath, o.thumbnailSmallPath, o.thumbnailLargePath, o.posterPath, o.derivativesState,
                           o.width, o.duration, o.text, t.memberId, t.prompt, t.status
                    FROM taskOutput o JOIN task t ON t.id = o.taskId WHERE t.idempotencyKey LIKE 'bench-gallery-%'
                    """).map(SeededOutput.init)
            }
            XCTAssertEqual(rows.count, 3000)
            XCTAssertEqual(Set(rows.map { $0.kind }), ["image", "audio", "video", "text"])
            XCTAssertEqual(Set(rows.compactMap { $0.memberId }).count, 20)
            XCTAssertTrue(rows.allSatisfy { $0.status == "succeeded" })
            let prompts = rows.map(\.prompt)
            XCTAssertTrue(prompts.contains { $0.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } }, "Chinese prompts")
            XCTAssertTrue(prompts.contains { $0.hasPrefix("a ") || $0.hasPrefix("an ") }, "English prompts")

            let media = cli.folder.appendingPathComponent("bench-media")
            var paths: Set<String> = []
            for row in rows where row.kind != "text" {
                XCTAssertEqual(row.state, "kept")
                XCTAssertEqual(row.derivativesState, "made")
                for path in [row.relativePath, row.thumbnailSmallPath, row.thumbnailLargePath] { paths.insert(try XCTUnwrap(path, row.kind)) }
                if row.kind != "image" { paths.insert(try XCTUnwrap(row.posterPath, "poster of \(row.kind)")) }
                if row.kind == "image" { XCTAssertGreaterThan(row.width ?? 0, 0) } else { XCTAssertGreaterThan(row.duration ?? 0, 0) }
            }
            for path in paths {
                XCTAssertTrue(FileManager.default.fileExists(atPath: media.appendingPathComponent(path).path), path)
            }
            XCTAssertLessThan(paths.count, 50, "a handful of shared files")
            XCTAssertTrue(rows.contains { $0.kind == "text" && $0.text?.contains("[Verse]") == true })

            let left = try await team.tasks.countOutputsWithoutDerivatives()
            XCTAssertEqual(left, 0, "nothing left for the background pass (the task seed's outputs included)")
        }
    }
}

/// One seeded output as the test reads it.
private struct SeededOutput: Sendable {
    let kind: String, state: String, prompt: String, status: String
    let relativePath: String?, thumbnailSmallPath: String?, thumbnailLargePath: String?, posterPath: String?, derivativesState: String?
    let width: Int?, duration: Double?, text: String?, memberId: Int64?

    init(_ row: Row) {
        kind = row["kind"]
        state = row["state"]
        prompt = row["prompt"]
        status = row["status"]
        relativePath = row["relativePath"]
        thumbnailSmallPath = row["thumbnailSmallPath"]
        thumbnailLargePath = row["thumbnailLargePath"]
        posterPath = row["posterPath"]
        derivativesState = row["derivativesState"]
        width = row["width"]
        duration = row["duration"]
        text = row["text"]
        memberId = row["memberId"]
    }
}
