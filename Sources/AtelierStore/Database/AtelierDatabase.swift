import CSQLiteConfig
import Foundation
import GRDB

/// The SQLite file behind Atelier: opened once per process, migrated at start-up.
///
/// The server and the CLI open a `DatabasePool` on the file (WAL mode: readers never wait for the
/// writer); tests may use an in-memory `DatabaseQueue`. Every store in this library takes one
/// `AtelierDatabase` and reaches SQLite only through `read`/`write`, which run on GRDB's own
/// queues, never on Swift's cooperative pool — except that a read made on a thread that exists to
/// block (`readsMayBlock`, the server's FastCGI worker threads) runs right there, through that
/// thread's own read-only connection (`ThreadReaders`), which spares each page two thread switches
/// and the reader pool's queueing per read.
public struct AtelierDatabase: Sendable {
    /// The GRDB connection (pool or queue).
    public let writer: any DatabaseWriter
    /// True when the calling thread may block on a read (see above); never on the cooperative pool.
    private let readsMayBlock: @Sendable () -> Bool
    /// The connections such threads read through (nil for an in-memory database).
    private let threadReaders: ThreadReaders?

    /// SQLite's process-wide settings, made once before the first connection opens: no memory
    /// statistics (see `atelier_sqlite_disable_memory_statistics`).
    private static let processSettings: Void = { _ = atelier_sqlite_disable_memory_statistics() }()

    /// Opens (creating when missing) the database file at `path` and runs the migrations.
    /// `readsMayBlock` tells, on the calling thread, whether a read may block it.
    public init(path: String, readsMayBlock: @escaping @Sendable () -> Bool = { false }) throws {
        _ = Self.processSettings
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.restrictToOwner(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The writer keeps 16 MiB of pages (readers the default 2 MiB): the unfinished tasks
            // the engine rewrites stay in memory instead of being read back on every pass.
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -16384") }
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try Migrations.migrator.migrate(pool)
        writer = pool
        self.readsMayBlock = readsMayBlock
        threadReaders = ThreadReaders(path: path, configuration: configuration)
    }

    /// Makes the database file 0600 (created empty so when missing) and any `-wal`/`-shm` file
    /// beside it: they hold password hashes and sealed keys. SQLite creates a later `-wal` or
    /// `-shm` file with the database file's own mode, so they stay private too.
    static func restrictToOwner(_ path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw DatabaseFileError(path: path, errno: errno) }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else { throw DatabaseFileError(path: path, errno: errno) }
        for suffix in ["-wal", "-shm"] where chmod(path + suffix, 0o600) != 0 && errno != ENOENT {
            throw DatabaseFileError(path: path + suffix, errno: errno)
        }
    }

    /// A migrated in-memory database, for tests.
    public static func inMemory() throws -> AtelierDatabase {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue)
        return AtelierDatabase(writer: queue)
    }

    private init(writer: any DatabaseWriter) {
        self.writer = writer
        readsMayBlock = { false }
        threadReaders = nil
    }

    /// Reads in a snapshot.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        if readsMayBlock() { return try readBlocking(body) }
        return try await writer.read(body)
    }

    /// A synchronous read on the calling thread, through its own connection (`ThreadReaders`).
    private func readBlocking<T>(_ body: (Database) throws -> T) throws -> T {
        guard let threadReaders else { return try writer.read(body) }
        return try threadReaders.reader().read(body)
    }

    /// Writes in one immediate transaction: read-then-write sequences in `body` see no
    /// concurrent writer.
    public func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writer.write(body)
    }
}

/// The database file could not be created or made private.
public struct DatabaseFileError: Error, CustomStringConvertible {
    public let path: String
    public let errno: Int32

    public var description: String { "cannot make \(path) private (mode 0600): \(String(cString: strerror(errno)))" }
}
