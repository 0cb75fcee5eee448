import Foundation
import GRDB

/// One read-only SQLite connection per thread that reads blocking (the server's FastCGI worker
/// threads), made on the thread's first read and kept for the life of the process (the worker
/// threads are made once, at start).
///
/// Eight worker threads sharing GRDB's reader pool queued for it: each read was a
/// `DispatchQueue.sync` with futex waits and wake-ups between them, about a quarter of a signed-in
/// page's server time. A connection of the thread's own is never busy, so a read runs right there.
/// Each read is still one deferred transaction (a consistent snapshot) in WAL mode.
final class ThreadReaders: Sendable {
    private let path: String
    private let configuration: Configuration
    /// Each thread's connection, read on every request (`ReadMostly`: readers never wait for
    /// each other) and added to once per thread.
    private let readers = ReadMostly<[ObjectIdentifier: DatabaseQueue]>([:])

    init(path: String, configuration: Configuration) {
        self.path = path
        var readOnly = configuration
        readOnly.readonly = true
        self.configuration = readOnly
    }

    /// The calling thread's connection.
    func reader() throws -> DatabaseQueue {
        let thread = ObjectIdentifier(Thread.current)
        if let reader = readers.read({ $0[thread] }) { return reader }
        let reader = try DatabaseQueue(path: path, configuration: configuration)
        readers.write { $0[thread] = reader }
        return reader
    }
}
