import GRDB

/// A counter the database bumps (by triggers, migration v12) on every change to a group of
/// tables. What is built from those tables can be kept while the counter stays the same; the
/// counter is read in the same transaction as the data, so the two always agree, whichever
/// process wrote last.
public enum DataVersion: String, CaseIterable, Sendable {
    /// Providers, their keys and price tables: what the studio offers and at what price.
    case providers
    /// Balance readings (and the providers they belong to): the balances page's figures and charts.
    case balances
    /// Members: the gallery's member filter, the members page.
    case members
    /// Gallery collections, what they hold and their owners' names: the gallery's collection pickers.
    case collections

    /// The tables whose changes bump this counter.
    var tables: [String] {
        switch self {
        case .providers: ["provider", "apiKey", "providerPricing", "price"]
        case .balances: ["provider", "balanceReading"]
        case .members: ["member"]
        case .collections: ["member", "galleryCollection", "galleryCollectionItem"]
        }
    }

    /// The counter now (a cached statement: one B-tree seek); nil when the database has no
    /// such counter, and then nothing is kept by it.
    public func read(_ db: Database) throws -> Int64? {
        let statement = try db.cachedStatement(sql: "SELECT value FROM dataVersion WHERE name = ?")
        return try Int64.fetchOne(statement, arguments: [rawValue])
    }
}
