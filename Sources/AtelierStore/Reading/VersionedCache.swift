import Foundation
import GRDB

/// Values built from the database, kept by key with the `DataVersion` counter they were built
/// at, and built again once the counter has moved. Shared by every worker thread of the process.
///
/// Reads take a reader-writer lock's shared side: worker threads never wait for each other to
/// read (a mutex here made them queue in the kernel under load), only for a new value.
public final class VersionedCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    // @unchecked: `entries` is read only under `lock`'s shared side and written only under its
    // exclusive side; the lock is allocated once and lives as long as the cache.
    private let limit: Int
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>
    private var entries: [Key: (version: Int64, value: Value)] = [:]

    /// A cache of at most `limit` keys (past it, every entry is dropped and built again on use).
    public init(limit: Int = 256) {
        self.limit = max(1, limit)
        lock = .allocate(capacity: 1)
        pthread_rwlock_init(lock, nil)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    /// The value kept for `key` if it was built at `version`.
    public func kept(_ key: Key, at version: Int64) -> Value? {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        guard let entry = entries[key], entry.version == version else { return nil }
        return entry.value
    }

    /// Keeps `value`, built from data read at `version` or later, unless a newer one is kept.
    public func keep(_ value: Value, for key: Key, at version: Int64) {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        if entries[key] == nil, entries.count >= limit { entries.removeAll() }
        if (entries[key]?.version ?? Int64.min) <= version { entries[key] = (version, value) }
    }

    /// The value for `key` at the counter's current value, from `build` when none is kept at it.
    /// Call it inside a read transaction, so the counter and what `build` reads agree.
    public func value(_ db: Database, counter: DataVersion, for key: Key, build: (Database) throws -> Value) throws -> Value {
        guard let current = try counter.read(db) else { return try build(db) }
        if let kept = kept(key, at: current) { return kept }
        let value = try build(db)
        keep(value, for: key, at: current)
        return value
    }
}
