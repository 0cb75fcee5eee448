import Foundation
import GRDB

/// Slows down repeated failed sign-ins without letting a stranger lock the owner out.
///
/// Failures are counted over a window (15 minutes) in three scopes: one name from one address
/// (5 free tries), one address whatever the names (20), and one name from everywhere (100, a
/// looser cap that slows a distributed attack; it spares an address the name has signed in from
/// before and an address with no failure for that name, so the owner's usual address stays
/// open). Past a scope's allowance each further try must wait, twice as long after every failure,
/// from 30 s up to the whole window.
///
/// A try is reserved before the password is checked: `begin` checks the scopes and records the
/// try in one write transaction, so concurrent tries cannot all pass the check before any is
/// counted. `failed` keeps the reservation as a failure (and audits it); `succeeded` takes it
/// back, clears the name's failures from that address and remembers the address.
public struct SignInThrottle: Sendable {
    let database: AtelierDatabase
    public var window: TimeInterval = 15 * 60
    public var pairAllowance = 5
    public var addressAllowance = 20
    public var nameAllowance = 100
    public var firstDelay: TimeInterval = 30
    /// How long an address a name signed in from stays spared by the per-name cap.
    static let knownAddressDays = 90

    public init(database: AtelierDatabase) {
        self.database = database
    }

    /// Whether a try may go ahead now.
    public enum Admission: Sendable, Equatable {
        /// Seconds to wait before the next try.
        case wait(TimeInterval)
        /// The try is counted; settle it with `failed` or `succeeded`.
        case go(Attempt)
    }

    /// A reserved try: the failure rows it wrote, taken back if the password was right.
    public struct Attempt: Sendable, Equatable {
        let name: String
        let address: String
        let rowIDs: [Int64]
    }

    static func pairScope(_ name: String, _ address: String) -> String { "pair:" + address + "|" + name.lowercased() }
    static func addressScope(_ address: String) -> String { "address:" + address }
    static func nameScope(_ name: String) -> String { "account:" + name.lowercased() }

    /// Checks every scope and, when none asks to wait, records the try — in one transaction.
    public func begin(name: String, address: String, now: Date = Date()) async throws -> Admission {
        let since = now.addingTimeInterval(-window)
        let settings = self
        return try await database.write { db in
            let pair = try Scope.read(db, Self.pairScope(name, address), since: since)
            var scopes = [(pair, settings.pairAllowance), (try Scope.read(db, Self.addressScope(address), since: since), settings.addressAllowance)]
            let known = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM signInKnownAddress WHERE name = ? AND address = ?)",
                                          arguments: [name, address]) ?? false
            if !known && pair.count > 0 {
                scopes.append((try Scope.read(db, Self.nameScope(name), since: since), settings.nameAllowance))
            }
            let longest = scopes.map { settings.delay(for: $0.0, allowance: $0.1, now: now) }.max() ?? 0
            // A millisecond of slack absorbs the rounding of date arithmetic.
            if longest > 0.001 { return .wait((longest - 0.001).rounded(.up)) }

            try SignInFailure.filter(Column("at") < DatabaseTimestamp(since)).deleteAll(db)
            var rowIDs: [Int64] = []
            for scope in [Self.pairScope(name, address), Self.addressScope(address), Self.nameScope(name)] {
                var failure = SignInFailure(scope: scope, at: now)
                try failure.insert(db)
                if let id = failure.id { rowIDs.append(id) }
            }
            return .go(Attempt(name: name, address: address, rowIDs: rowIDs))
        }
    }

    /// The password was wrong: the reserved try stays counted, and the failure is audited.
    public func failed(_ attempt: Attempt) async throws {
        try await database.write { db in
            try AuditLog.append(db, Actor(memberID: nil, name: attempt.name, remoteAddress: attempt.address), "sign_in.failed",
                                target: attempt.name)
        }
    }

    /// The password was right: the try is taken back, the name's failures from this address are
    /// cleared (not those from elsewhere), and the address is remembered for the name (for
    /// `knownAddressDays` after its last success).
    public func succeeded(_ attempt: Attempt, now: Date = Date()) async throws {
        let forgotten = now.addingTimeInterval(-Double(Self.knownAddressDays) * 86_400)
        try await database.write { db in
            try db.execute(sql: "DELETE FROM signInKnownAddress WHERE at < ?", arguments: [DatabaseTimestamp(forgotten)])
            _ = try SignInFailure.filter(keys: attempt.rowIDs).deleteAll(db)
            _ = try SignInFailure.filter(Column("scope") == Self.pairScope(attempt.name, attempt.address)).deleteAll(db)
            try db.execute(sql: """
                INSERT INTO signInKnownAddress (name, address, at) VALUES (?, ?, ?)
                ON CONFLICT (name, address) DO UPDATE SET at = excluded.at
                """, arguments: [attempt.name, attempt.address, DatabaseTimestamp(now)])
        }
    }

    /// How long a scope asks the next try to wait (zero when it is within its allowance).
    private func delay(for scope: Scope, allowance: Int, now: Date) -> TimeInterval {
        guard scope.count >= allowance, let last = scope.last else { return 0 }
        let delay = min(window, firstDelay * pow(2, Double(min(scope.count - allowance, 30))))
        return last.addingTimeInterval(delay).timeIntervalSince(now)
    }

    /// The failures of one scope in the window: how many, and the latest.
    private struct Scope {
        let count: Int
        let last: Date?

        static func read(_ db: Database, _ scope: String, since: Date) throws -> Scope {
            let recent = SignInFailure.filter(Column("scope") == scope && Column("at") > DatabaseTimestamp(since))
            let count = try recent.fetchCount(db)
            let last = count == 0 ? nil : try recent.select(max(Column("at")), as: DatabaseTimestamp.self).fetchOne(db)?.date
            return Scope(count: count, last: last)
        }
    }
}

/// One failed (or reserved) sign-in against a scope (`pair:<address>|<name>`, `address:<ip>`,
/// `account:<name>`).
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
