import Foundation
import GRDB

/// What a member may do.
public enum Role: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Administers everything: members, providers, keys, budgets, the audit log.
    case lead
    /// Submits prompts and sees the team gallery.
    case member
    /// Sees only.
    case viewer
}

/// A person who signs in to Atelier.
public struct Member: Codable, Sendable, Hashable, Identifiable, FetchableRecord, MutablePersistableRecord, TimestampedRecord {
    public static let databaseTableName = "member"

    public var id: Int64?
    /// The sign-in name, unique regardless of case.
    public var name: String
    public var displayName: String
    public var role: Role
    /// A `PasswordHasher` string; never leaves the store.
    public var passwordHash: String
    public var isDisabled: Bool
    public var createdAt: Date
    public var passwordChangedAt: Date
    /// The language the member chose (`en`, `zh-Hans`); nil until they choose one. It wins over
    /// the browser's `Accept-Language` and the language cookie.
    public var language: String?

    public init(name: String, displayName: String, role: Role, passwordHash: String, now: Date = Date()) {
        self.name = name
        self.displayName = displayName
        self.role = role
        self.passwordHash = passwordHash
        self.isDisabled = false
        self.createdAt = now
        self.passwordChangedAt = now
    }

    /// Reads a row by column name: GRDB's `Decodable` path costs several times more, and members
    /// are read on every signed-in request.
    public init(row: Row) throws {
        id = row["id"]
        name = row["name"]
        displayName = row["displayName"]
        role = try row.decode(forColumn: "role")
        passwordHash = row["passwordHash"]
        isDisabled = row["isDisabled"]
        createdAt = try row.timestamp("createdAt")
        passwordChangedAt = try row.timestamp("passwordChangedAt")
        language = row["language"]
    }

    /// Writes the columns by name; `language` only once chosen, so a member is written the same
    /// way to a database from before the "v11: member language" migration (as its tests do).
    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["name"] = name
        container["displayName"] = displayName
        container["role"] = role
        container["passwordHash"] = passwordHash
        container["isDisabled"] = isDisabled
        container["createdAt"] = DatabaseTimestamp(createdAt)
        container["passwordChangedAt"] = DatabaseTimestamp(passwordChangedAt)
        if let language { container["language"] = language }
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
