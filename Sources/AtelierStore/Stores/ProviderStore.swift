import Foundation
import GRDB

/// Configured providers.
public struct ProviderStore: Sendable {
    let database: AtelierDatabase
    let sealer: SecretSealer
    /// Every provider, kept until a provider, key or price changes.
    private let listing = VersionedCache<Int, [ProviderRecord]>()

    public init(database: AtelierDatabase, sealer: SecretSealer) {
        self.database = database
        self.sealer = sealer
    }

    /// What a form or the CLI submits for a provider.
    public struct Input: Sendable, Hashable {
        public var name: String
        public var preset: String
        public var baseURL: String
        public var authKind: AuthKind
        public var authHeader: String?
        public var midjourneyMode: String?
        public var warningThreshold: Double?
        public var dashboardUserID: String?

        public init(name: String, preset: String, baseURL: String, authKind: AuthKind, authHeader: String? = nil,
                    midjourneyMode: String? = nil, warningThreshold: Double? = nil, dashboardUserID: String? = nil) {
            self.name = name
            self.preset = preset
            self.baseURL = baseURL
            self.authKind = authKind
            self.authHeader = authHeader
            self.midjourneyMode = midjourneyMode
            self.warningThreshold = warningThreshold
            self.dashboardUserID = dashboardUserID
        }
    }

    /// Checks a provider's fields: a name, an http(s) base URL with a host and no credentials,
    /// a header name when the scheme needs one.
    public static func validate(_ input: Input) -> [FieldError] {
        var errors: [FieldError] = []
        Check.text(input.name, field: "name", limit: .providerName, into: &errors)
        if let error = validateBaseURL(input.baseURL) { errors.append(error) }
        if input.authKind == .header {
            let header = input.authHeader ?? ""
            if header.isEmpty {
                errors.append(FieldError(field: "auth_header", code: "required"))
            } else if header.utf8.count > 64 || !header.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") }) {
                errors.append(FieldError(field: "auth_header", code: "header_name"))
            }
        }
        if let mode = input.midjourneyMode, !mode.isEmpty,
           !["mj-fast", "mj-relax", "mj-turbo"].contains(mode) {
            errors.append(FieldError(field: "midjourney_mode", code: "invalid_choice"))
        }
        if let threshold = input.warningThreshold, !(threshold >= 0 && threshold.isFinite) {
            errors.append(FieldError(field: "warning_threshold", code: "not_a_positive_number"))
        }
        if let user = input.dashboardUserID, !user.isEmpty, user.utf8.count > 20 || !user.allSatisfy(\.isNumber) {
            errors.append(FieldError(field: "dashboard_user_id", code: "not_a_number"))
        }
        return errors
    }

    /// A dashboard token within the secrets' limit.
    static func validate(dashboardToken: String?) -> [FieldError] {
        dashboardToken.flatMap { TextLimit.secret.problem($0, field: "dashboard_token") }.map { [$0] } ?? []
    }

    /// An absolute http(s) URL with a host, no user info, query or fragment; nil when fine.
    public static func validateBaseURL(_ text: String) -> FieldError? {
        if text.isEmpty { return FieldError(field: "base_url", code: "required") }
        if let problem = TextLimit.url.problem(text, field: "base_url") { return problem }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
              components.user == nil, components.password == nil, components.query == nil, components.fragment == nil,
              !text.contains(where: \.isWhitespace)
        else { return FieldError(field: "base_url", code: "malformed_url") }
        return nil
    }

    public func all() async throws -> [ProviderRecord] {
        try await database.read { db in
            try listing.value(db, counter: .providers, for: 0) { db in
                try ProviderRecord.order(Column("isDemo").desc, Column("name").collating(.nocase)).fetchAll(db)
            }
        }
    }

    /// The counter of provider, key and price changes (`DataVersion.providers`): what is built
    /// from them can be kept while it stays the same.
    public func version() async throws -> Int64? {
        try await database.read { db in try DataVersion.providers.read(db) }
    }

    public func count() async throws -> Int {
        try await database.read { db in try ProviderRecord.fetchCount(db) }
    }

    public func find(id: Int64) async throws -> ProviderRecord? {
        try await database.read { db in try ProviderRecord.fetchOne(db, key: id) }
    }

    public func find(name: String) async throws -> ProviderRecord? {
        try await database.read { db in try ProviderRecord.filter(Column("name") == name).fetchOne(db) }
    }

    /// Adds a provider; `dashboardToken` (for new-api `/api/user/self`) is sealed.
    @discardableResult
    public func add(_ input: Input, dashboardToken: String? = nil, isDemo: Bool = false, by actor: Actor) async throws -> ProviderRecord {
        let input = Self.normalized(input)
        let errors = Self.validate(input) + Self.validate(dashboardToken: dashboardToken)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        let sealer = sealer
        return try await database.write { db in
            if try ProviderRecord.filter(Column("name") == input.name).fetchCount(db) > 0 {
                throw ValidationFailure([FieldError(field: "name", code: "taken")])
            }
            var record = ProviderRecord(
                name: input.name, preset: input.preset, baseURL: input.baseURL, authKind: input.authKind,
                authHeader: input.authKind == .header ? input.authHeader : nil, midjourneyMode: Self.nonEmpty(input.midjourneyMode),
                isDemo: isDemo, warningThreshold: input.warningThreshold, dashboardUserID: Self.nonEmpty(input.dashboardUserID))
            try record.insert(db)
            if let token = Self.nonEmpty(dashboardToken), let id = record.id {
                record.sealedDashboardToken = try sealer.seal(token, context: Self.dashboardContext(id))
                try record.update(db)
            }
            try AuditLog.append(db, actor, "provider.added", target: record.name,
                                detail: "preset=\(input.preset) base_url=\(input.baseURL)\(isDemo ? " demo" : "")")
            return record
        }
    }

    /// Changes a provider's settings. A nil `dashboardToken` keeps the sealed one; an empty one removes it.
    public func update(id: Int64, _ input: Input, dashboardToken: String?, by actor: Actor) async throws {
        let input = Self.normalized(input)
        let errors = Self.validate(input) + Self.validate(dashboardToken: dashboardToken)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        let sealer = sealer
        try await database.write { db in
            guard var record = try ProviderRecord.fetchOne(db, key: id) else { throw StoreError.notFound }
            if try ProviderRecord.filter(Column("name") == input.name && Column("id") != id).fetchCount(db) > 0 {
                throw ValidationFailure([FieldError(field: "name", code: "taken")])
            }
            record.name = input.name
            record.baseURL = input.baseURL
            record.authKind = input.authKind
            record.authHeader = input.authKind == .header ? input.authHeader : nil
            record.midjourneyMode = Self.nonEmpty(input.midjourneyMode)
            record.warningThreshold = input.warningThreshold
            record.dashboardUserID = Self.nonEmpty(input.dashboardUserID)
            if let dashboardToken {
                record.sealedDashboardToken = dashboardToken.isEmpty ? nil : try sealer.seal(dashboardToken, context: Self.dashboardContext(id))
            }
            try record.update(db)
            try AuditLog.append(db, actor, "provider.changed", target: record.name,
                                detail: "base_url=\(record.baseURL) threshold=\(record.warningThreshold.map { "\($0)" } ?? "none")\(dashboardToken == nil ? "" : " dashboard_token_changed")")
        }
    }

    /// Removes a provider with its keys, readings and budgets (usage history stays under its name).
    public func remove(id: Int64, by actor: Actor) async throws {
        try await database.write { db in
            guard let record = try ProviderRecord.fetchOne(db, key: id) else { throw StoreError.notFound }
            try record.delete(db)
            try AuditLog.append(db, actor, "provider.removed", target: record.name)
        }
    }

    /// The dashboard token, opened.
    public func dashboardToken(of record: ProviderRecord) throws -> String? {
        guard let sealed = record.sealedDashboardToken, let id = record.id else { return nil }
        return try sealer.open(sealed, context: Self.dashboardContext(id))
    }

    /// Records the outcome of a balance refresh that failed (nil clears it).
    public func setBalanceError(_ message: String?, providerID: Int64) async throws {
        try await database.write { db in
            try db.execute(sql: "UPDATE provider SET lastBalanceError = ?, lastBalanceErrorAt = ? WHERE id = ?",
                           arguments: [message, message == nil ? nil : DatabaseTimestamp(Date()), providerID])
        }
    }

    static func dashboardContext(_ providerID: Int64) -> String { "dashboard-token:provider=\(providerID)" }

    private static func normalized(_ input: Input) -> Input {
        var input = input
        input.name = input.name.trimmingCharacters(in: .whitespaces)
        input.baseURL = input.baseURL.trimmingCharacters(in: .whitespaces)
        while input.baseURL.hasSuffix("/") { input.baseURL.removeLast() }
        return input
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }
}
