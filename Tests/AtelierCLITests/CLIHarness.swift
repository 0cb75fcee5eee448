import AtelierStore
import Foundation
import GRDB
import XCTest

/// Runs the built `atelier` binary against a database and master key file in a temporary
/// folder, as an operator would on the server's host.
struct CLIHarness {
    let folder: URL
    var databasePath: String { folder.appendingPathComponent("atelier.sqlite").path }
    var masterKeyPath: String { folder.appendingPathComponent("master.key").path }

    /// What one run printed and how it ended.
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `ATELIER_BIN_DIR` (set by `scripts/test.sh`), else the debug build folder.
    static var binary: URL {
        let env = ProcessInfo.processInfo.environment["ATELIER_BIN_DIR"]
        let folder = env.flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) } ?? repository.appendingPathComponent(".build/debug")
        return folder.appendingPathComponent("atelier")
    }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            throw MissingBinary(path: Self.binary.path)
        }
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// Runs `atelier ARGS --database … --master-key-file …` (the two options only where
    /// `withStore` is true) with an environment cleared of every `ATELIER_` variable but `env`,
    /// and standard input at end of file.
    func run(_ arguments: [String], env: [String: String] = [:], withStore: Bool = true) async throws -> Run {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ATELIER_") }
        environment.merge(env) { _, new in new }
        let out = folder.appendingPathComponent("out-\(UUID().uuidString)"), err = folder.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments + (withStore ? ["--database", databasePath, "--master-key-file", masterKeyPath] : [])
        process.environment = environment
        process.currentDirectoryURL = folder
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try outHandle.close()
        try errHandle.close()
        let stdout = try String(contentsOf: out, encoding: .utf8), stderr = try String(contentsOf: err, encoding: .utf8)
        try? FileManager.default.removeItem(at: out)
        try? FileManager.default.removeItem(at: err)
        return Run(status: status, stdout: stdout, stderr: stderr)
    }

    /// Runs and fails the test unless the command exits 0.
    @discardableResult
    func succeed(_ arguments: [String], env: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line) async throws -> Run {
        let result = try await run(arguments, env: env)
        XCTAssertEqual(result.status, 0, "atelier \(arguments.joined(separator: " ")): \(result.stderr)", file: file, line: line)
        return result
    }

    /// The stores over the same files, opened the way the CLI and the server open them.
    func team() throws -> Team {
        let key = try MasterKey.load(file: masterKeyPath, environment: [:]).key
        return Team(database: try AtelierDatabase(path: databasePath), masterKey: key)
    }

    /// Every row of every table, as text, for before-and-after comparisons.
    func contents() async throws -> [String] {
        try await team().database.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            return try tables.flatMap { table in
                // Sorted as text: some tables (WITHOUT ROWID) have no rowid to order by.
                try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map { "\(table): \($0)" }.sorted()
            }
        }
    }

    /// Every byte of the database files (main file, WAL and shared memory), for secret scans.
    func databaseBytes() -> Data {
        ["", "-wal", "-shm"].reduce(into: Data()) { data, suffix in
            data += (FileManager.default.contents(atPath: databasePath + suffix) ?? Data())
        }
    }
}

/// The binary under test is missing: a failure, not a skip, so a broken build cannot pass.
struct MissingBinary: Error, CustomStringConvertible {
    var path: String
    var description: String { "the atelier binary is not built at \(path); run `swift build` first (or set ATELIER_BIN_DIR)" }
}

/// Runs `body` with a harness, always removing its folder.
func withCLI(_ body: (CLIHarness) async throws -> Void) async throws {
    let harness = try CLIHarness()
    do {
        try await body(harness)
    } catch {
        harness.remove()
        throw error
    }
    harness.remove()
}
