#if canImport(Glibc)
import Glibc
#endif

/// Tells whether the calling OS thread is one of the FastCGI worker threads.
///
/// Those threads exist to block (they wait in libfcgi's accept, read and write), and a request's
/// handler runs on its worker thread (see `WorkerExecutor`). So code that would otherwise hand a
/// short blocking call to another thread and wait for it — a SQLite read — can make the call
/// right here instead, saving two thread switches. Anywhere else (Swift's cooperative pool, a
/// GRDB queue, the CLI) `isCurrent` is false and such code must not block.
public enum WorkerThread {
    /// A per-thread slot: non-nil on worker threads only.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "pthread_key_create failed")
        return key
    }()

    /// True on a FastCGI worker thread.
    public static var isCurrent: Bool { pthread_getspecific(key) != nil }

    /// Marks the calling thread as a worker thread for the rest of its life.
    static func markCurrent() {
        // Only the slot's presence is read, so a sentinel address does; it is never dereferenced.
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: 1))
    }
}
