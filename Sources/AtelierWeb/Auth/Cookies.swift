import FastCGI

/// The cookies Atelier sets, with the attributes each needs.
enum Cookies {
    /// The session token (HttpOnly, so scripts cannot read it).
    static let session = "atelier_session"
    /// The CSRF token of a browser that is not signed in yet (double-submit, for the sign-in form).
    static let anonymousCSRF = "atelier_csrf"

    /// A `Set-Cookie` value: Path=/, SameSite=Lax, HttpOnly, and Secure over https.
    static func set(_ name: String, _ value: String, maxAge: Int, request: Request) -> String {
        let secure = request.scheme == "https" ? "; Secure" : ""
        return "\(name)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Lax\(secure)"
    }

    /// A `Set-Cookie` value that removes the cookie.
    static func clear(_ name: String, request: Request) -> String { set(name, "", maxAge: 0, request: request) }
}
