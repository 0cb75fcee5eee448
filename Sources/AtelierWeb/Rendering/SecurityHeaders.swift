import FastCGI

/// Headers sent with every HTML page: its content type, then the security headers.
enum SecurityHeaders {
    static let html: HeaderFields = [
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": "default-src 'self'; img-src 'self' data:; media-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
        "x-content-type-options": "nosniff",
        "referrer-policy": "same-origin",
        "x-frame-options": "DENY",
        "cache-control": "no-store",
    ]
}
