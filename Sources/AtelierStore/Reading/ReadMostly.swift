import Foundation

/// A value read by every worker thread on every request and changed rarely, behind a
/// reader-writer lock: readers share the lock and never wait for each other (Swift's `Mutex`
/// made them queue in the kernel under load), only for a change.
final class ReadMostly<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is read only under `lock`'s shared side and changed only under its
    // exclusive side; the lock is allocated once and lives as long as this object.
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        lock = .allocate(capacity: 1)
        pthread_rwlock_init(lock, nil)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    /// Reads under the shared side of the lock.
    func read<Result>(_ body: (Value) throws -> Result) rethrows -> Result {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body(value)
    }

    /// Changes under the exclusive side of the lock.
    func write<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body(&value)
    }
}
