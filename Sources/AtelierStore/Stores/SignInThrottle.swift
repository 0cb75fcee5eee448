import Foundation
import GRDB

/// Slows down repeated failed sign-ins, per account and per client address.
///
/// Failures are counted over a window (15 minutes). Past a free allowance (5 per account,
/// 20 per address) each further try must wait, twice as long after every failure, from 30 s up to
/// the whole window. A success clears the account's count, not the address's.
public struct SignInThrottle: Sendable {
    let database: AtelierDatabase
    public var window: TimeInterval = 15 * 60
    public var accountAllowance = 5
    public var addressAllowance = 20
    public var firstDelay: TimeInterval = 30

    public init(database: AtelierDatabase) {
        self.database = database
    }

    static func accountScope(_ name: String) -> String { "account:" + name.lowercased() }
    static func addressScope(_ address: String) -> String { "address:" + address }

    /// Seconds to wait before another try for this name from this address; nil when it may go ahead.
    public func wait(name: String, address: String, now: Date = Date()) async throws -> TimeInterval? {
        let scopes = [(Self.accountScope(name), accountAllowance), (Self.addressScope(address), addressAllowance)]
        let since = now.addingTimeInterval(-window)
        let window = window, firstDelay = firstDelay
        return try await database.read { db in
            var longest: TimeInterval = 0
            for (scope, allowance) in scopes {
                let recent = SignInFailure.filter(Column("scope") == scope && Column("at") > DatabaseTimestamp(since))
                let count = try recent.fetchCount(db)
                guard count >= allowance, let last = try recent.select(max(Column("at")), as: DatabaseTimestamp.self).fetchOne(db)?.date else { continue }
                let delay = min(window, firstDelay * pow(2, Double(count - allowance)))
                longest = max(longest, last.addingTimeInterval(delay).timeIntervalSince(now))
            }
            // A millisecond of slack absorbs the rounding of date arithmetic.
            return longest > 0.001 ? (longest - 0.001).rounded(.up) : nil
        }
    }

    /// Counts a failure against the name and the address, and audits it.
    public func recordFailure(name: String, address: String, now: Date = Date()) async throws {
        let since = now.addingTimeInterval(-window)
        try await database.write { db in
            for scope in [Self.accountScope(name), Self.addressScope(address)] {
                var failure = SignInFailure(scope: scope, at: now)
                try failure.insert(db)
            }
            try SignInFailure.filter(Column("at") < DatabaseTimestamp(since)).deleteAll(db)
            let shown = String(name.prefix(MemberStore.maximumNameLength))
            try AuditLog.append(db, Actor(memberID: nil, name: shown, remoteAddress: address), "sign_in.failed", target: shown)
        }
    }

    /// Clears the account's failures after a successful sign-in.
    public func clear(name: String) async throws {
        try await database.write { db in
            _ = try SignInFailure.filter(Column("scope") == Self.accountScope(name)).deleteAll(db)
        }
    }
}

/// One failed sign-in against a scope (`account:<name>` or `address:<ip>`).
struct SignInFailure: Codable, FetchableRecord, MutablePersistableRecord, TimestampedRecord {
    static let databaseTableName = "signInFailure"
    var id: Int64?
    var scope: String
    var at: Date

    init(scope: String, at: Date) {
        self.scope = scope
        self.at = at
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
