import Foundation

/// Checks a request's credentials against the configuration (PROTOCOLS §1.2, §3.5).
struct Authenticator: Sendable {
    let configuration: SimulatorConfiguration

    func accepts(_ request: SimRequest, scheme: AuthScheme) -> Bool {
        switch scheme {
        case .none:
            return true
        case .relay:
            return relayToken(request).map(configuration.tokens.contains) ?? false
        case .midjourney:
            let authorization = request.header("Authorization") ?? ""
            if authorization.isEmpty || authorization == "midjourney-proxy" {
                return request.header("mj-api-secret").map { configuration.tokens.contains(stripBearer($0)) } ?? false
            }
            return configuration.tokens.contains(stripBearer(authorization))
        case .dashboard:
            guard let authorization = request.header("Authorization"),
                stripBearer(authorization) == configuration.dashboardAccessToken
            else { return false }
            if let user = request.header("New-Api-User"), !user.isEmpty {
                return user == String(configuration.userID)
            }
            return true
        case .imgOpen:
            if request.header("X-Request-req-accessKeyId") == configuration.imgOpenAccessKeyID,
                request.header("X-Request-req-accessKeySecret") == configuration.imgOpenAccessKeySecret
            {
                return true
            }
            return relayToken(request).map(configuration.tokens.contains) ?? false
        }
    }

    /// The `sk-` token of `Authorization: Bearer …` or `x-api-key`.
    func relayToken(_ request: SimRequest) -> String? {
        if let authorization = request.header("Authorization"), !authorization.isEmpty {
            return stripBearer(authorization)
        }
        return request.header("x-api-key")
    }

    private func stripBearer(_ value: String) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased().hasPrefix("bearer ") { return String(trimmed.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
        return trimmed
    }
}
