import Foundation
import GRDB

/// Members: adding, disabling, removing, passwords and roles. Every change is audited.
public struct MemberStore: Sendable {
    let database: AtelierDatabase
    let hasher: PasswordHasher
    /// Every member, kept until a member changes.
    private let listing = VersionedCache<Int, [Member]>()

    /// The shortest password accepted.
    public static let minimumPasswordLength = 10

    public init(database: AtelierDatabase, hasher: PasswordHasher = PasswordHasher()) {
        self.database = database
        self.hasher = hasher
    }

    public func count() async throws -> Int {
        try await database.read { db in try Member.fetchCount(db) }
    }

    /// Every member, leads first, then by name.
    public func all() async throws -> [Member] {
        try await database.read { db in
            try listing.value(db, counter: .members, for: 0) { db in
                try Member.order(sql: "CASE role WHEN 'lead' THEN 0 WHEN 'member' THEN 1 ELSE 2 END, name COLLATE NOCASE").fetchAll(db)
            }
        }
    }

    public func find(id: Int64) async throws -> Member? {
        try await database.read { db in try Member.fetchOne(db, key: id) }
    }

    public func find(name: String) async throws -> Member? {
        try await database.read { db in try Member.filter(Column("name") == name).fetchOne(db) }
    }

    /// Checks a new member's fields without saving.
    public static func validate(name: String, displayName: String, password: String) -> [FieldError] {
        var errors: [FieldError] = []
        Check.text(name, field: "name", limit: .memberName, into: &errors)
        if !name.isEmpty, TextLimit.memberName.allows(name),
           !name.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0) }) {
            errors.append(FieldError(field: "name", code: "name_characters"))
        }
        Check.text(displayName, field: "display_name", limit: .displayName, required: false, into: &errors)
        errors += validatePassword(password, field: "password")
        return errors
    }

    /// The password rules: long enough, not absurdly long.
    public static func validatePassword(_ password: String, field: String) -> [FieldError] {
        if let problem = TextLimit.password.problem(password, field: field) { return [problem] }
        if password.count < minimumPasswordLength { return [FieldError(field: field, code: "too_short", limit: minimumPasswordLength)] }
        return []
    }

    /// Adds a member; throws `ValidationFailure` (nothing saved) for a bad or taken name.
    @discardableResult
    public func add(name: String, displayName: String, role: Role, password: String, by actor: Actor) async throws -> Member {
        let name = name.trimmingCharacters(in: .whitespaces)
        let displayName = displayName.trimmingCharacters(in: .whitespaces)
        let errors = Self.validate(name: name, displayName: displayName, password: password)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        let hash = hasher.hash(password)
        return try await database.write { db in
            if try Member.filter(Column("name") == name).fetchCount(db) > 0 {
                throw ValidationFailure([FieldError(field: "name", code: "taken")])
            }
            var member = Member(name: name, displayName: displayName.isEmpty ? name : displayName, role: role, passwordHash: hash)
            try member.insert(db)
            try AuditLog.append(db, actor, "member.added", target: name, detail: "role=\(role.rawValue)")
            return member
        }
    }

    /// Changes a member's role. The last active lead cannot stop being one.
    /// Keeps the language a member chose with the language switch (not audited: it is their own
    /// preference, and changes nothing they may do). The caller checks that it names a language
    /// the pages speak.
    public func setLanguage(_ language: String, of memberID: Int64) async throws {
        try await database.write { db in
            try db.execute(sql: "UPDATE member SET language = ? WHERE id = ?", arguments: [language, memberID])
        }
    }

    public func setRole(_ role: Role, of memberID: Int64, by actor: Actor) async throws {
        try await database.write { db in
            guard var member = try Member.fetchOne(db, key: memberID) else { throw StoreError.notFound }
            guard member.role != role else { return }
            if member.role == .lead { try Self.requireAnotherLead(db, besides: memberID) }
            let before = member.role
            member.role = role
            try member.update(db)
            try AuditLog.append(db, actor, "member.role_changed", target: member.name, detail: "\(before.rawValue)→\(role.rawValue)")
        }
    }

    /// Disables or enables a member; disabling ends their sessions. The last active lead stays.
    public func setDisabled(_ disabled: Bool, memberID: Int64, by actor: Actor) async throws {
        try await database.write { db in
            guard var member = try Member.fetchOne(db, key: memberID) else { throw StoreError.notFound }
            guard member.isDisabled != disabled else { return }
            if disabled, member.role == .lead { try Self.requireAnotherLead(db, besides: memberID) }
            member.isDisabled = disabled
            try member.update(db)
            if disabled { try Session.filter(Column("memberId") == memberID).deleteAll(db) }
            try AuditLog.append(db, actor, disabled ? "member.disabled" : "member.enabled", target: member.name)
        }
    }

    /// Removes a member (their usage history stays, under their name). The last active lead stays.
    public func remove(memberID: Int64, by actor: Actor) async throws {
        try await database.write { db in
            guard let member = try Member.fetchOne(db, key: memberID) else { throw StoreError.notFound }
            if member.role == .lead { try Self.requireAnotherLead(db, besides: memberID) }
            try member.delete(db)
            try AuditLog.append(db, actor, "member.removed", target: member.name)
        }
    }

    /// Sets a new password (a lead's reset, or the CLI) and ends the member's sessions.
    public func resetPassword(memberID: Int64, to password: String, by actor: Actor) async throws {
        let errors = Self.validatePassword(password, field: "password")
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        let hash = hasher.hash(password)
        try await database.write { db in
            guard var member = try Member.fetchOne(db, key: memberID) else { throw StoreError.notFound }
            member.passwordHash = hash
            member.passwordChangedAt = Date()
            try member.update(db)
            try Session.filter(Column("memberId") == memberID).deleteAll(db)
            try AuditLog.append(db, actor, "member.password_reset", target: member.name)
        }
    }

    /// A member changing their own password: the current one must match. Other sessions end;
    /// the one in `keepingSession` (a token digest) stays.
    public func changeOwnPassword(memberID: Int64, current: String, new: String, keepingSession: String?,
                                  by actor: Actor) async throws {
        guard let member = try await find(id: memberID) else { throw StoreError.notFound }
        guard TextLimit.password.allows(current), hasher.verify(current, against: member.passwordHash) else {
            throw ValidationFailure([FieldError(field: "current_password", code: "wrong_password")])
        }
        var errors = Self.validatePassword(new, field: "new_password")
        if errors.isEmpty, new == current { errors.append(FieldError(field: "new_password", code: "unchanged")) }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        let hash = hasher.hash(new)
        try await database.write { db in
            guard var member = try Member.fetchOne(db, key: memberID) else { throw StoreError.notFound }
            member.passwordHash = hash
            member.passwordChangedAt = Date()
            try member.update(db)
            var others = Session.filter(Column("memberId") == memberID)
            if let keepingSession { others = others.filter(Column("tokenDigest") != keepingSession) }
            try others.deleteAll(db)
            try AuditLog.append(db, actor, "member.password_changed", target: member.name)
        }
    }

    /// The member whose name and password match, when enabled; nil otherwise. Takes the same
    /// time whether or not the name exists. Upgrades an old hash in passing.
    public func authenticate(name: String, password: String) async throws -> Member? {
        guard let member = try await find(name: name) else {
            hasher.burnEquivalentWork(password)
            return nil
        }
        guard hasher.verify(password, against: member.passwordHash), !member.isDisabled else { return nil }
        if hasher.needsRehash(member.passwordHash), let id = member.id {
            let hash = hasher.hash(password)
            try await database.write { db in
                try db.execute(sql: "UPDATE member SET passwordHash = ? WHERE id = ?", arguments: [hash, id])
            }
        }
        return member
    }

    private static func requireAnotherLead(_ db: Database, besides memberID: Int64) throws {
        let others = try Member.filter(Column("role") == Role.lead.rawValue && Column("isDisabled") == false
                                       && Column("id") != memberID).fetchCount(db)
        if others == 0 { throw StoreError.lastLead }
    }
}

/// Store failures that are not about one field.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound
    /// The change would leave the team without an active lead.
    case lastLead
    /// The master key does not open the secrets already in the database.
    case wrongMasterKey(databasePath: String)

    public var description: String {
        switch self {
        case .notFound: return "no such record"
        case .lastLead: return "the team needs at least one active lead"
        case .wrongMasterKey(let path):
            return "the master key does not open the provider keys sealed in \(path); start with the key this database was created with (ATELIER_MASTER_KEY or the master key file). Nothing was changed."
        }
    }
}
