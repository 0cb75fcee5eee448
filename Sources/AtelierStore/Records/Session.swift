import Foundation
import GRDB

/// A signed-in browser. The cookie carries a random token; the table keeps only its SHA-256,
/// so a copy of the database opens no session.
public struct Session: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord, TimestampedRecord {
    public static let databaseTableName = "session"

    public var tokenDigest: String
    public var memberId: Int64
    /// The value every form of this session carries and every POST must send back.
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date
    public var remoteAddress: String
    /// The last request made with the session (written at most once a minute), for the idle timeout.
    public var lastSeenAt: Date
}

extension Session {
    /// Reads a row by column name (sessions are read on every signed-in request).
    public init(row: Row) throws {
        tokenDigest = row["tokenDigest"]
        memberId = row["memberId"]
        csrfToken = row["csrfToken"]
        createdAt = try row.timestamp("createdAt")
        expiresAt = try row.timestamp("expiresAt")
        remoteAddress = row["remoteAddress"]
        lastSeenAt = try row.optionalTimestamp("lastSeenAt") ?? createdAt
    }
}
