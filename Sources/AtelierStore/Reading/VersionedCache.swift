import GRDB

/// Values built from the database, kept by key with the `DataVersion` counter they were built
/// at, and built again once the counter has moved. Shared by every worker thread of the process.
/// Reads share a reader-writer lock (`ReadMostly`).
public final class VersionedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let limit: Int
    private let entries: ReadMostly<[Key: (version: Int64, value: Value)]>

    /// A cache of at most `limit` keys (past it, every entry is dropped and built again on use).
    public init(limit: Int = 256) {
        self.limit = max(1, limit)
        entries = ReadMostly([:])
    }

    /// The value kept for `key` if it was built at `version`.
    public func kept(_ key: Key, at version: Int64) -> Value? {
        entries.read { entries in
            guard let entry = entries[key], entry.version == version else { return nil }
            return entry.value
        }
    }

    /// Keeps `value`, built from data read at `version` or later, unless a newer one is kept.
    public func keep(_ value: Value, for key: Key, at version: Int64) {
        entries.write { entries in
            if entries[key] == nil, entries.count >= limit { entries.removeAll() }
            if (entries[key]?.version ?? Int64.min) <= version { entries[key] = (version, value) }
        }
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
