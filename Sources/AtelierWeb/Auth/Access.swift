import AtelierStore

/// Who may use a route. Every route names one, so a new page cannot be left open by mistake.
public enum Access: Sendable, Equatable {
    /// Anyone, signed in or not (sign-in page, health check, language switch). POSTs still need
    /// the anonymous CSRF token.
    case anyone
    /// Signed-in members whose role is at least this one (`viewer` < `member` < `lead`).
    case atLeast(Role)
    /// Machine callers with their own proof (provider callbacks): no session, no CSRF token.
    case hook

    /// True when `role` passes this rule.
    func admits(_ role: Role) -> Bool {
        guard case .atLeast(let minimum) = self else { return true }
        return Self.rank(role) >= Self.rank(minimum)
    }

    private static func rank(_ role: Role) -> Int {
        switch role {
        case .viewer: 0
        case .member: 1
        case .lead: 2
        }
    }
}
