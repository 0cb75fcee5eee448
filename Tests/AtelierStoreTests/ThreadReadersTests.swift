@testable import AtelierStore
import Foundation
import GRDB
import XCTest

/// Reads on threads that may block go through each thread's own read-only connection: they see
/// every write committed before them, made through another connection, and cannot write.
final class ThreadReadersTests: XCTestCase {
    func testBlockingReadsSeeEveryCommittedWriteAndNeverWrite() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-readers-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Every thread may block here: the reads run on the pool's threads, each with its connection.
        let database = try AtelierDatabase(path: folder.appendingPathComponent("atelier.sqlite").path, readsMayBlock: { true })
        for round in 1...3 {
            try await database.write { db in
                try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?)", arguments: ["round \(round)", Data([UInt8(round)])])
            }
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM setting WHERE key LIKE 'round %'") ?? 0 }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            XCTAssertEqual(counts, Array(repeating: round, count: 8), "every reader sees round \(round)")
        }
        do {
            try await database.read { db in try db.execute(sql: "DELETE FROM setting") }
            XCTFail("a reader never writes")
        } catch {}
        let left = try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM setting WHERE key LIKE 'round %'") }
        XCTAssertEqual(left, 3)
    }
}
