import FastCGI

/// The check every state-changing request passes: the form's `_csrf` field must equal the
/// session's token (or, before sign-in, the anonymous token cookie). Together with SameSite=Lax
/// cookies this stops other sites from posting forms on a member's behalf.
enum CSRFCheck {
    static let fieldName = "_csrf"

    /// True when the submitted token matches `expected`, compared in constant time.
    static func passes(_ request: Request, expected: String?) -> Bool {
        guard let expected, !expected.isEmpty, let sent = request.form[fieldName] else { return false }
        let a = Array(sent.utf8), b = Array(expected.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
