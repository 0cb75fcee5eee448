import Foundation
import Hummingbird

/// Balance endpoints (PROTOCOLS §3): the OpenAI-dashboard pair, new-api's token usage and
/// `/api/user/self`. All read the same ledger, so they always agree:
/// `hard_limit_usd` = granted, `total_usage` = used × 100, `quota` = remaining × 500000.
struct BillingRoutes {
    let sim: SimContext

    /// new-api quota units per USD.
    static let quotaPerUnit = 500_000.0

    func register(_ table: inout RouteTable) {
        table.add(.get, RouteTable.withAndWithoutV1("/v1/dashboard/billing/subscription"), family: .openAI) { _ in
            let granted = await sim.state.grantedUSD()
            return Reply.json([
                "object": "billing_subscription", "has_payment_method": true, "soft_limit_usd": .double(granted),
                "hard_limit_usd": .double(granted), "system_hard_limit_usd": .double(granted), "access_until": 0,
            ])
        }
        table.add(.get, RouteTable.withAndWithoutV1("/v1/dashboard/billing/usage"), family: .openAI) { _ in
            let used = await sim.state.usedUSD()
            return Reply.json(["object": "list", "total_usage": .double(Self.cents(used))])
        }
        table.add(.get, ["/api/usage/token", "/api/usage/token/"], family: .dashboard, auth: .none) { request in
            let authenticator = Authenticator(configuration: sim.configuration)
            guard let token = authenticator.relayToken(request) else {
                return Reply.json(["success": false, "message": "No Authorization header"], status: .unauthorized)
            }
            guard sim.configuration.tokens.contains(token) else {
                return Reply.json(["success": false, "message": "Invalid Bearer token"], status: .unauthorized)
            }
            let granted = await sim.state.grantedUSD(), used = await sim.state.usedUSD()
            return Reply.json([
                "code": true, "message": "ok",
                "data": [
                    "object": "token_usage", "name": .string(token), "total_granted": .int(Self.quota(granted)),
                    "total_used": .int(Self.quota(used)), "total_available": .int(Self.quota(granted) - Self.quota(used)),
                    "unlimited_quota": false, "model_limits": [:], "model_limits_enabled": false, "expires_at": 0,
                ],
            ])
        }
        table.add(.get, ["/api/user/self"], family: .dashboard, auth: .dashboard) { _ in
            let granted = await sim.state.grantedUSD(), used = await sim.state.usedUSD()
            return Reply.json([
                "success": true, "message": "",
                "data": [
                    "id": .int(sim.configuration.userID), "username": "sim", "display_name": "Simulated User", "role": 1,
                    "status": 1, "email": "", "group": "default", "quota": .int(Self.quota(granted) - Self.quota(used)),
                    "used_quota": .int(Self.quota(used)), "request_count": 0, "aff_code": "sim0", "aff_count": 0,
                    "aff_quota": 0, "aff_history_quota": 0, "inviter_id": 0, "setting": "{}",
                ],
            ])
        }
    }

    static func quota(_ usd: Double) -> Int { Int((usd * quotaPerUnit).rounded()) }

    /// USD in hundredths, rounded to avoid binary noise such as 0.30000000000000004.
    static func cents(_ usd: Double) -> Double { (usd * 100 * 1_000_000).rounded() / 1_000_000 }
}
