import Foundation
import GRDB

/// Provider API keys, sealed at rest. Only masks and labels leave this type, except through
/// `activeSecret(providerID:)`, which the server hands straight to RelayClient.
public struct KeyStore: Sendable {
    let database: AtelierDatabase
    let sealer: SecretSealer

    /// Days before its expiry that a key raises a reminder.
    public static let reminderDays = 14

    public init(database: AtelierDatabase, sealer: SecretSealer) {
        self.database = database
        self.sealer = sealer
    }

    /// A key as pages show it: never the secret.
    public struct Listing: Sendable, Hashable {
        public var key: APIKeyRecord
        /// What the key has spent, from the usage entries that name it.
        public var spent: Double
        public var unit: String?
        /// Days until the expiry date (negative when past), if it has one.
        public var daysToExpiry: Int?

        /// True when expired or within `reminderDays` of expiring.
        public var needsReminder: Bool { key.status == .active && (daysToExpiry.map { $0 <= KeyStore.reminderDays } ?? false) }
    }

    /// Checks the fields of a new key.
    public static func validate(label: String, secret: ProviderSecret, expiresOn: String?, needsPair: Bool) -> [FieldError] {
        var errors: [FieldError] = []
        Check.text(label, field: "label", limit: .keyLabel, into: &errors)
        Check.text(secret.key, field: "secret", limit: .secret, into: &errors)
        if !secret.key.isEmpty, secret.key.contains(where: \.isWhitespace) { errors.append(FieldError(field: "secret", code: "whitespace")) }
        if needsPair {
            Check.text(secret.pairSecret ?? "", field: "pair_secret", limit: .secret, into: &errors)
        }
        if let expiresOn, !expiresOn.isEmpty, expiresOn.utf8.count > 10 || Self.date(expiresOn) == nil {
            errors.append(FieldError(field: "expires_on", code: "malformed_date"))
        }
        return errors
    }

    /// Every key of a provider, active ones first, with its spend.
    public func list(providerID: Int64, today: Date = Date()) async throws -> [Listing] {
        try await database.read { db in
            let keys = try APIKeyRecord.filter(Column("providerId") == providerID)
                .order(sql: "CASE status WHEN 'active' THEN 0 ELSE 1 END, createdAt DESC").fetchAll(db)
            let rows = try Row.fetchAll(db, sql: """
                SELECT apiKeyId, SUM(amount) AS spent, MAX(unit) AS unit FROM usageByKey
                WHERE apiKeyId IN (SELECT id FROM apiKey WHERE providerId = ?) GROUP BY apiKeyId
                """, arguments: [providerID])
            var spend: [Int64: (Double, String?)] = [:]
            for row in rows { spend[row["apiKeyId"]] = (row["spent"], row["unit"]) }
            return keys.map { key in
                let spent = key.id.flatMap { spend[$0] }
                return Listing(key: key, spent: spent?.0 ?? 0, unit: spent?.1,
                               daysToExpiry: key.expiresOn.flatMap { Self.days(from: today, to: $0) })
            }
        }
    }

    /// The masks of every provider's active keys, newest first, by provider id (one query for
    /// the provider list).
    public func activeMasks() async throws -> [Int64: [String]] {
        try await database.read { db in
            var masks: [Int64: [String]] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT providerId, mask FROM apiKey WHERE status = 'active' ORDER BY createdAt DESC")
            while let row = try rows.next() { masks[row[0], default: []].append(row[1]) }
            return masks
        }
    }

    /// Active keys that expire within `reminderDays` (or have expired), with their provider's name.
    public func reminders(today: Date = Date()) async throws -> [(providerName: String, listing: Listing)] {
        try await database.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT apiKey.*, provider.name AS providerName FROM apiKey JOIN provider ON provider.id = apiKey.providerId
                WHERE apiKey.status = 'active' AND apiKey.expiresOn IS NOT NULL ORDER BY apiKey.expiresOn
                """)
            return try rows.compactMap { row in
                let key = try APIKeyRecord(row: row)
                let listing = Listing(key: key, spent: 0, unit: nil, daysToExpiry: key.expiresOn.flatMap { Self.days(from: today, to: $0) })
                return listing.needsReminder ? (row["providerName"], listing) : nil
            }
        }
    }

    /// Seals and adds a key.
    @discardableResult
    public func add(providerID: Int64, label: String, secret: ProviderSecret, expiresOn: String?, by actor: Actor) async throws -> APIKeyRecord {
        let label = label.trimmingCharacters(in: .whitespaces)
        let secret = Self.trimmed(secret)
        let expiresOn = Self.nonEmpty(expiresOn)
        let sealer = sealer
        return try await database.write { db in
            guard let provider = try ProviderRecord.fetchOne(db, key: providerID) else { throw StoreError.notFound }
            let errors = Self.validate(label: label, secret: secret, expiresOn: expiresOn, needsPair: provider.authKind == .accessKeyPair)
            guard errors.isEmpty else { throw ValidationFailure(errors) }
            var key = try Self.sealed(providerID: providerID, label: label, secret: secret, expiresOn: expiresOn, sealer: sealer)
            try key.insert(db)
            try AuditLog.append(db, actor, "key.added", target: "\(provider.name) / \(label)", detail: key.mask)
            return key
        }
    }

    /// Replaces a key with a new secret in one step: the old one is marked replaced, the new one
    /// keeps its label and expiry unless new ones are given.
    @discardableResult
    public func rotate(keyID: Int64, to secret: ProviderSecret, expiresOn: String?, by actor: Actor) async throws -> APIKeyRecord {
        let secret = Self.trimmed(secret)
        let sealer = sealer
        return try await database.write { db in
            guard var old = try APIKeyRecord.fetchOne(db, key: keyID), old.status == .active,
                  let provider = try ProviderRecord.fetchOne(db, key: old.providerId)
            else { throw StoreError.notFound }
            let expiry = Self.nonEmpty(expiresOn) ?? old.expiresOn
            let errors = Self.validate(label: old.label, secret: secret, expiresOn: expiry, needsPair: provider.authKind == .accessKeyPair)
            guard errors.isEmpty else { throw ValidationFailure(errors) }
            old.status = .replaced
            old.retiredAt = Date()
            try old.update(db)
            var new = try Self.sealed(providerID: old.providerId, label: old.label, secret: secret, expiresOn: expiry, sealer: sealer)
            try new.insert(db)
            try AuditLog.append(db, actor, "key.rotated", target: "\(provider.name) / \(old.label)", detail: "\(old.mask) → \(new.mask)")
            return new
        }
    }

    /// Revokes a key: it is never used again.
    public func revoke(keyID: Int64, by actor: Actor) async throws {
        try await database.write { db in
            guard var key = try APIKeyRecord.fetchOne(db, key: keyID), key.status == .active,
                  let provider = try ProviderRecord.fetchOne(db, key: key.providerId)
            else { throw StoreError.notFound }
            key.status = .revoked
            key.retiredAt = Date()
            try key.update(db)
            try AuditLog.append(db, actor, "key.revoked", target: "\(provider.name) / \(key.label)", detail: key.mask)
        }
    }

    /// The newest active key of a provider, opened, with its record; nil when it has none.
    public func activeSecret(providerID: Int64) async throws -> (key: APIKeyRecord, secret: ProviderSecret)? {
        let key = try await database.read { db in
            try APIKeyRecord.filter(Column("providerId") == providerID && Column("status") == KeyStatus.active.rawValue)
                .order(Column("createdAt").desc).fetchOne(db)
        }
        guard let key else { return nil }
        let json = try sealer.open(key.sealedSecret, context: Self.context(providerID: providerID))
        return (key, try JSONDecoder().decode(ProviderSecret.self, from: Data(json.utf8)))
    }

    /// Makes every key's mask again from its secret, where the mask differs: masks made by an
    /// earlier rule showed more of short keys. Returns how many changed; a key that does not
    /// open is left as it is.
    @discardableResult
    public func remask() async throws -> Int {
        let sealer = sealer
        return try await database.write { db in
            var changed = 0
            for var key in try APIKeyRecord.fetchAll(db) {
                guard let json = try? sealer.open(key.sealedSecret, context: Self.context(providerID: key.providerId)),
                      let secret = try? JSONDecoder().decode(ProviderSecret.self, from: Data(json.utf8))
                else { continue }
                let mask = KeyMask.mask(secret.key)
                guard mask != key.mask else { continue }
                key.mask = mask
                try key.update(db)
                changed += 1
            }
            return changed
        }
    }

    /// The associated data a key is sealed under: bound to its provider.
    static func context(providerID: Int64) -> String { "api-key:provider=\(providerID)" }

    private static func sealed(providerID: Int64, label: String, secret: ProviderSecret, expiresOn: String?,
                               sealer: SecretSealer) throws -> APIKeyRecord {
        let json = String(decoding: try JSONEncoder().encode(secret), as: UTF8.self)
        let blob = try sealer.seal(json, context: context(providerID: providerID))
        return APIKeyRecord(id: nil, providerId: providerID, label: label, sealedSecret: blob, mask: KeyMask.mask(secret.key),
                            status: .active, expiresOn: expiresOn, createdAt: Date(), retiredAt: nil)
    }

    private static func trimmed(_ secret: ProviderSecret) -> ProviderSecret {
        ProviderSecret(key: secret.key.trimmingCharacters(in: .whitespacesAndNewlines),
                       pairSecret: nonEmpty(secret.pairSecret?.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }

    /// A `yyyy-MM-dd` day between 2000 and 2200 that exists, as midnight UTC.
    static func date(_ text: String) -> Date? {
        guard let date = UTCCalendar.date(day: text), (2000...2200).contains(UTCCalendar.fields(of: date).year) else { return nil }
        return date
    }

    static func days(from today: Date, to day: String) -> Int? {
        date(day).map { UTCCalendar.daysBetween(today, $0) }
    }
}
