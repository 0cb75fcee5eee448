import Crypto
import Foundation
import GRDB

/// Sign-in sessions. A session's token exists only in the browser's cookie; the table keeps its
/// SHA-256 digest.
public struct SessionStore: Sendable {
    let database: AtelierDatabase
    /// How long a session lasts after sign-in.
    public let lifetime: TimeInterval
    /// How long a session lasts without a request.
    public let idleTimeout: TimeInterval
    /// A session's last-seen time is written at most this often, not on every request.
    static let touchInterval: TimeInterval = 60

    public init(database: AtelierDatabase, lifetime: TimeInterval = 7 * 24 * 3600, idleTimeout: TimeInterval = 12 * 3600) {
        self.database = database
        self.lifetime = lifetime
        self.idleTimeout = idleTimeout
    }

    /// A signed-in session with its member.
    public struct Resolved: Sendable {
        public var session: Session
        public var member: Member
    }

    /// Starts a session for `member`; `replacing` is the token of the browser's previous session,
    /// which ends (sessions are rotated at sign-in). Returns the new cookie token.
    public func start(for member: Member, from address: String, replacing previous: String?) async throws -> (token: String, session: Session) {
        guard let memberID = member.id else { throw StoreError.notFound }
        let token = Self.randomToken()
        let now = Date()
        let session = Session(tokenDigest: Self.digest(token), memberId: memberID, csrfToken: Self.randomToken(),
                              createdAt: now, expiresAt: now.addingTimeInterval(lifetime), remoteAddress: address, lastSeenAt: now)
        let lifetime = lifetime, idleSince = now.addingTimeInterval(-idleTimeout)
        try await database.write { db in
            if let previous { try Session.deleteOne(db, key: Self.digest(previous)) }
            try Session.filter(Column("expiresAt") < DatabaseTimestamp(now) || Column("lastSeenAt") < DatabaseTimestamp(idleSince)).deleteAll(db)
            try session.insert(db)
            try AuditLog.append(db, .member(member, from: address), "sign_in.succeeded", target: member.name,
                                detail: "session lasts \(Int(lifetime / 3600)) h")
        }
        return (token, session)
    }

    /// The live session behind a cookie token, with an enabled member; nil when unknown,
    /// expired, idle for longer than `idleTimeout`, or disabled. Notes the request as the
    /// session's last one when the note is more than a minute old.
    public func resolve(token: String, now: Date = Date()) async throws -> Resolved? {
        guard Self.isWellFormed(token) else { return nil }
        let digest = Self.digest(token)
        let idleTimeout = idleTimeout
        let resolved = try await database.read { db -> Resolved? in
            // Every signed-in request comes here: statements prepared once per connection.
            let sessionByDigest = try db.cachedStatement(sql: "SELECT * FROM session WHERE tokenDigest = ?")
            let memberByID = try db.cachedStatement(sql: "SELECT * FROM member WHERE id = ?")
            guard let session = try Session.fetchOne(sessionByDigest, arguments: [digest]), session.expiresAt > now,
                  session.lastSeenAt.addingTimeInterval(idleTimeout) > now,
                  let member = try Member.fetchOne(memberByID, arguments: [session.memberId]), !member.isDisabled
            else { return nil }
            return Resolved(session: session, member: member)
        }
        guard var resolved else { return nil }
        if now.timeIntervalSince(resolved.session.lastSeenAt) >= Self.touchInterval {
            try await database.write { db in
                try db.execute(sql: "UPDATE session SET lastSeenAt = ? WHERE tokenDigest = ?", arguments: [DatabaseTimestamp(now), digest])
            }
            resolved.session.lastSeenAt = now
        }
        return resolved
    }

    /// Ends the session behind a cookie token.
    public func end(token: String, by actor: Actor) async throws {
        let digest = Self.digest(token)
        try await database.write { db in
            if try Session.deleteOne(db, key: digest) {
                try AuditLog.append(db, actor, "sign_out", target: actor.name)
            }
        }
    }

    /// The digest under which a token's session is stored.
    public static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).lowercaseHex
    }

    /// 32 random bytes, base64url without padding (43 characters).
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for _ in 0..<4 { withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) } }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 43 && token.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x5F
        }
    }
}
