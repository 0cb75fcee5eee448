import Foundation

/// The unit a balance is expressed in.
public enum BalanceUnit: String, Codable, Sendable, CaseIterable {
    case usd = "USD"
    case cny = "CNY"
    /// Raw new-api quota units (500 000 = $1 by default).
    case quota
    /// Provider points or credits (MX drawing points, Suno credits).
    case points
}

/// What is left to spend on a provider, read at a given time.
public struct Balance: Codable, Sendable, Hashable {
    /// What remains.
    public var amount: Double
    public var unit: BalanceUnit
    /// When it was read.
    public var asOf: Date
    /// Spent so far, when the source says.
    public var used: Double?
    /// Granted in total (remaining + used), when the source says.
    public var granted: Double?
    /// True when the key has no limit (new-api `unlimited_quota`).
    public var unlimited: Bool
    /// Which endpoint answered.
    public var source: BalanceSource

    public init(amount: Double, unit: BalanceUnit, asOf: Date = Date(), used: Double? = nil, granted: Double? = nil,
                unlimited: Bool = false, source: BalanceSource) {
        self.amount = amount
        self.unit = unit
        self.asOf = asOf
        self.used = used
        self.granted = granted
        self.unlimited = unlimited
        self.source = source
    }
}

/// Balance endpoints (PROTOCOLS §3).
struct BalanceFamily: Sendable {
    let connection: RelayConnection

    /// Tries the provider's sources in order and returns the first answer; the last error if
    /// none answers.
    func balance(sources: [BalanceSource]? = nil) async throws -> Balance {
        let list = sources ?? connection.provider.options.balanceSources
        var lastError: Error = RelayError(.notFound, "this provider documents no balance endpoint")
        for source in list {
            do {
                return try await balance(from: source)
            } catch let error as RelayError where error.category == .notFound || error.category == .invalidResponse
                || (error.category == .unauthorized && source == .newAPIUserSelf)
            {
                lastError = error
            }
        }
        throw lastError
    }

    func balance(from source: BalanceSource) async throws -> Balance {
        switch source {
        case .openAIBilling: return try await openAIBilling()
        case .newAPITokenUsage: return try await tokenUsage()
        case .newAPIUserSelf: return try await userSelf()
        }
    }

    var unit: BalanceUnit { connection.provider.options.balanceUnit }
    var perUnit: Double { connection.provider.options.quotaPerUnit }

    /// `hard_limit_usd − total_usage/100` (§3.2–3.3); one-api's per-user quirk is not detectable.
    func openAIBilling() async throws -> Balance {
        let subscription = try await connection.get("/v1/dashboard/billing/subscription")
        let usage = try await connection.get("/v1/dashboard/billing/usage")
        return try Self.decodeBilling(subscription: subscription, usage: usage, unit: unit)
    }

    static func decodeBilling(subscription: JSONValue, usage: JSONValue, unit: BalanceUnit, now: Date = Date()) throws -> Balance {
        guard let granted = subscription["hard_limit_usd"].double else {
            throw RelayError(.invalidResponse, "the billing subscription has no hard_limit_usd")
        }
        let used = (usage["total_usage"].double ?? 0) / 100
        return Balance(amount: granted - used, unit: unit, asOf: now, used: used, granted: granted,
                       unlimited: granted >= 100_000_000, source: .openAIBilling)
    }

    /// new-api `/api/usage/token/` (§3.4): raw quota.
    func tokenUsage() async throws -> Balance {
        let json = try await connection.get("/api/usage/token/")
        return try Self.decodeTokenUsage(json, unit: unit, quotaPerUnit: perUnit)
    }

    static func decodeTokenUsage(_ json: JSONValue, unit: BalanceUnit, quotaPerUnit: Double, now: Date = Date()) throws -> Balance {
        if json["code"].bool == false || json["success"].bool == false {
            throw RelayError(ErrorMapping.classify(json["message"].string ?? "") ?? .unauthorized,
                             json["message"].string ?? "token usage refused")
        }
        let data = json["data"]
        guard let available = data["total_available"].double else {
            throw RelayError(.invalidResponse, "token usage has no total_available")
        }
        let scale = unit == .quota ? 1 : quotaPerUnit
        return Balance(amount: available / scale, unit: unit, asOf: now, used: data["total_used"].double.map { $0 / scale },
                       granted: data["total_granted"].double.map { $0 / scale },
                       unlimited: data["unlimited_quota"].bool ?? false, source: .newAPITokenUsage)
    }

    /// new-api `/api/user/self` (§3.5) with the dashboard token and user id header.
    func userSelf() async throws -> Balance {
        guard let token = connection.credentials.dashboardToken else {
            throw RelayError(.unauthorized, "/api/user/self needs a dashboard access token, not the API key",
                             field: "dashboardToken")
        }
        var headers: [(String, String)] = [("Authorization", "Bearer \(token)")]
        if let user = connection.credentials.dashboardUserID {
            headers.append((connection.provider.options.dashboardUserHeader, user))
        }
        let json = try await connection.send(connection.request("GET", "/api/user/self", auth: headers))
        return try Self.decodeUserSelf(json, unit: unit, quotaPerUnit: perUnit)
    }

    static func decodeUserSelf(_ json: JSONValue, unit: BalanceUnit, quotaPerUnit: Double, now: Date = Date()) throws -> Balance {
        if json["success"].bool == false {
            throw RelayError(ErrorMapping.classify(json["message"].string ?? "") ?? .unauthorized,
                             json["message"].string ?? "user lookup refused", providerCode: json["code"].string)
        }
        guard let quota = json["data"]["quota"].double else {
            throw RelayError(.invalidResponse, "the user record has no quota")
        }
        let scale = unit == .quota ? 1 : quotaPerUnit
        let used = json["data"]["used_quota"].double.map { $0 / scale }
        return Balance(amount: quota / scale, unit: unit, asOf: now, used: used,
                       granted: used.map { $0 + quota / scale }, source: .newAPIUserSelf)
    }
}
