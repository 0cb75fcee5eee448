import Foundation
import GRDB

/// Each provider's price table and unit, as the lead keeps them on the provider page. A
/// provider whose table was never edited has no rows here: its preset's defaults apply (the
/// caller passes them in, and the first change writes them down before changing them).
public struct PriceStore: Sendable {
    let database: AtelierDatabase
    /// Each provider's stored table (or nil), kept until a provider, key or price changes.
    private let sheets = VersionedCache<Int64, PriceSheet?>()

    /// The largest price accepted, in any unit.
    public static let maximumAmount = 1e9
    /// The smallest price other than 0 (smaller ones are typing slips, and print as 0).
    public static let minimumAmount = 1e-6
    public static let maximumUnitLength = 16
    public static let maximumModelLength = 100

    public init(database: AtelierDatabase) {
        self.database = database
    }

    /// The stored table, or nil while the provider still uses its preset's defaults.
    public func sheet(providerID: Int64) async throws -> PriceSheet? {
        try await database.read { db in
            try sheets.value(db, counter: .providers, for: providerID) { db in try Self.sheet(db, providerID: providerID) }
        }
    }

    static func sheet(_ db: Database, providerID: Int64) throws -> PriceSheet? {
        guard let unit = try String.fetchOne(db, sql: "SELECT unit FROM providerPricing WHERE providerId = ?", arguments: [providerID])
        else { return nil }
        let prices = try PriceRecord.filter(Column("providerId") == providerID).order(Column("route"), Column("model")).fetchAll(db)
        return PriceSheet(unit: unit, prices: prices)
    }

    /// A problem with an amount typed into `field`, or nil when it is a usable price: 0, or
    /// between `minimumAmount` and `maximumAmount` (not NaN, not infinite, not negative).
    public static func check(amount: Double?, field: String) -> FieldError? {
        guard let amount, amount.isFinite, amount >= 0, amount <= maximumAmount, amount == 0 || amount >= minimumAmount else {
            return FieldError(field: field, code: "price_amount")
        }
        return nil
    }

    /// The rules a price line meets (its route is checked by the caller, who knows the routes).
    public static func validate(_ price: PriceRecord) -> [FieldError] {
        var errors: [FieldError] = []
        if let problem = check(amount: price.amount, field: "amount") { errors.append(problem) }
        if price.route.isEmpty { errors.append(FieldError(field: "route", code: "required")) }
        if let problem = TextLimit(characters: maximumModelLength).problem(price.model, field: "model") {
            errors.append(problem)
        } else if price.model.contains(where: { $0.isWhitespace }) || price.model.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            errors.append(FieldError(field: "model", code: "invalid"))
        }
        return errors
    }

    /// Sets one line (adding it, or changing the line of the same route and model).
    public func set(_ price: PriceRecord, defaults: PriceSheet, by actor: Actor) async throws {
        let errors = Self.validate(price)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        try await database.write { db in
            let provider = try Self.provider(db, price.providerId)
            try Self.writeDefaultsIfNeeded(db, providerID: price.providerId, defaults: defaults)
            let unit = try Self.sheet(db, providerID: price.providerId)?.unit ?? defaults.unit
            try price.save(db)
            try AuditLog.append(db, actor, "price.set", target: provider.name,
                                detail: "\(Self.describe(route: price.route, model: price.model)): \(price.amount) \(unit) per \(price.basis.rawValue)")
        }
    }

    /// Removes one line: the route (for that model) then has no price.
    public func remove(providerID: Int64, route: String, model: String, defaults: PriceSheet, by actor: Actor) async throws {
        try await database.write { db in
            let provider = try Self.provider(db, providerID)
            try Self.writeDefaultsIfNeeded(db, providerID: providerID, defaults: defaults)
            try db.execute(sql: "DELETE FROM price WHERE providerId = ? AND route = ? AND model = ?", arguments: [providerID, route, model])
            guard db.changesCount > 0 else { throw StoreError.notFound }
            try AuditLog.append(db, actor, "price.removed", target: provider.name, detail: Self.describe(route: route, model: model))
        }
    }

    /// Changes the provider's one unit. Prices keep their numbers: they are read in the new unit.
    public func setUnit(providerID: Int64, unit: String, defaults: PriceSheet, by actor: Actor) async throws {
        let unit = unit.trimmingCharacters(in: .whitespaces)
        var errors: [FieldError] = []
        Check.text(unit, field: "unit", limit: TextLimit(characters: Self.maximumUnitLength), into: &errors)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        try await database.write { db in
            let provider = try Self.provider(db, providerID)
            try Self.writeDefaultsIfNeeded(db, providerID: providerID, defaults: defaults)
            let before = try Self.sheet(db, providerID: providerID)?.unit ?? defaults.unit
            try db.execute(sql: "UPDATE providerPricing SET unit = ? WHERE providerId = ?", arguments: [unit, providerID])
            try AuditLog.append(db, actor, "price.unit_changed", target: provider.name, detail: "\(before) → \(unit)")
        }
    }

    /// Writes prices read from the relay, in `unit`, over the lines of the same route and model.
    /// Refused (field `unit`) when the provider counts in another unit: the lead changes the unit
    /// first, knowing what that means for the prices already there.
    public func importPrices(_ prices: [PriceRecord], unit: String, providerID: Int64, defaults: PriceSheet, by actor: Actor) async throws -> Int {
        let valid = prices.filter { $0.providerId == providerID && Self.validate($0).isEmpty }
        return try await database.write { db in
            let provider = try Self.provider(db, providerID)
            let current = try Self.sheet(db, providerID: providerID)?.unit ?? defaults.unit
            guard current == unit else { throw ValidationFailure([FieldError(field: "unit", code: "price_unit_mismatch")]) }
            try Self.writeDefaultsIfNeeded(db, providerID: providerID, defaults: defaults)
            for price in valid { try price.save(db) }
            try AuditLog.append(db, actor, "price.imported", target: provider.name, detail: "\(valid.count) prices in \(unit) from the relay")
            return valid.count
        }
    }

    private static func provider(_ db: Database, _ id: Int64) throws -> ProviderRecord {
        guard let provider = try ProviderRecord.fetchOne(db, key: id) else { throw StoreError.notFound }
        return provider
    }

    /// Writes the preset's defaults down the first time the table changes.
    private static func writeDefaultsIfNeeded(_ db: Database, providerID: Int64, defaults: PriceSheet) throws {
        guard try sheet(db, providerID: providerID) == nil else { return }
        try db.execute(sql: "INSERT INTO providerPricing (providerId, unit) VALUES (?, ?)", arguments: [providerID, defaults.unit])
        for var price in defaults.prices {
            price.providerId = providerID
            try price.save(db)
        }
    }

    private static func describe(route: String, model: String) -> String { model.isEmpty ? route : "\(route) / \(model)" }
}
