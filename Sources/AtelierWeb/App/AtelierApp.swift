import AtelierStore
import FastCGI
import Foundation
import Logging

/// The web application: routes requests to handlers and turns every failure into a page in the
/// reader's language. It is the `Responder` the FastCGI bridge calls.
public struct AtelierApp: Responder {
    private let router: Router
    private let renderer: PageRenderer
    private let sessions: SessionStore
    private let logger: Logger

    public init(router: Router, renderer: PageRenderer, sessions: SessionStore, logger: Logger) {
        self.router = router
        self.renderer = renderer
        self.sessions = sessions
        self.logger = logger
    }

    /// The route's immediate answer for a `GET` or `HEAD` from a browser without a session
    /// cookie (the one thing admitting a request may have to wait for); nil for everything else.
    public func immediateResponse(to request: Request) -> Response? {
        guard request.method == "GET" || request.method == "HEAD", request.cookies[Cookies.session] == nil,
              case .found(_, let immediate?, .anyone, let parameters) = router.match(method: request.method, path: request.path)
        else { return nil }
        return immediate(RequestContext(request: request, parameters: parameters, language: Self.language(of: request),
                                        viewer: nil, csrfToken: Self.anonymousCSRFToken(of: request) ?? ""))
    }

    public func respond(to request: Request) async -> Response {
        let language = Self.language(of: request)
        guard Self.isToken(request.method) else {
            return errorPage(.badRequest, messageKey: "error_bad_method", detail: nil, language: language)
        }
        switch router.match(method: request.method, path: request.path) {
        case .notFound:
            return errorPage(.notFound, messageKey: "error_not_found", detail: nil, language: language)
        case .methodNotAllowed(let allowed):
            var response = errorPage(.methodNotAllowed, messageKey: "error_method_not_allowed", detail: request.method, language: language)
            response.headers.set("allow", (allowed + (allowed.contains("GET") ? ["HEAD"] : [])).joined(separator: ", "))
            return response
        case .found(let handler, _, let access, let parameters):
            do {
                let context = try await admit(request, access: access, parameters: parameters, language: language)
                return try await handler(context)
            } catch let error as WebError {
                return errorPage(for: error, request: request, language: language)
            } catch {
                let reference = UUID().uuidString.prefix(8).lowercased()
                logger.error("request failed", metadata: [
                    "reference": "\(reference)", "method": "\(request.method)", "path": "\(request.path)", "error": "\(error)",
                ])
                return errorPage(.internalServerError, messageKey: "error_internal", detail: String(reference), language: language)
            }
        }
    }

    /// Resolves the session, then applies the route's access rule and the CSRF check.
    /// A session is looked up only when the browser sends a session cookie.
    private func admit(_ request: Request, access: Access, parameters: [String: String], language: Language) async throws -> RequestContext {
        var viewer: Viewer?
        if access != .hook, let token = request.cookies[Cookies.session], let resolved = try await sessions.resolve(token: token) {
            viewer = Viewer(member: resolved.member, session: resolved.session)
        }
        let isStateChanging = request.method != "GET" && request.method != "HEAD"
        switch access {
        case .hook:
            return RequestContext(request: request, parameters: parameters, language: language)
        case .atLeast:
            guard let viewer else { throw WebError.signInRequired }
            guard access.admits(viewer.member.role) else { throw WebError.forbidden }
            if isStateChanging, !CSRFCheck.passes(request, expected: viewer.session.csrfToken) { throw WebError.csrfRejected }
            return RequestContext(request: request, parameters: parameters, language: language, viewer: viewer,
                                  csrfToken: viewer.session.csrfToken)
        case .anyone:
            if let viewer {
                if isStateChanging, !CSRFCheck.passes(request, expected: viewer.session.csrfToken) { throw WebError.csrfRejected }
                return RequestContext(request: request, parameters: parameters, language: language, viewer: viewer,
                                      csrfToken: viewer.session.csrfToken)
            }
            let cookie = Self.anonymousCSRFToken(of: request)
            if isStateChanging, !CSRFCheck.passes(request, expected: cookie) { throw WebError.csrfRejected }
            return RequestContext(request: request, parameters: parameters, language: language, viewer: nil, csrfToken: cookie ?? "")
        }
    }

    public func respond(to error: RequestError, request: Request?) async -> Response {
        let language = request.map(Self.language(of:)) ?? .english
        let (key, detail): (String, String?) = switch error {
        case .invalidPath: ("error_invalid_path", nil)
        case .malformedField(let name): ("error_malformed_field", name)
        case .bodyTooLarge(let limit): ("error_body_too_large", Formatting.byteCount(limit))
        case .headersTooLarge: ("error_headers_too_large", nil)
        case .malformedMultipart: ("error_malformed_multipart", nil)
        case .truncatedBody: ("error_truncated_body", nil)
        }
        return errorPage(error.status, messageKey: key, detail: detail, language: language)
    }

    private func errorPage(for error: WebError, request: Request, language: Language) -> Response {
        switch error {
        case .notFound: return errorPage(.notFound, messageKey: "error_not_found", detail: nil, language: language)
        case .forbidden: return errorPage(.forbidden, messageKey: "error_forbidden", detail: nil, language: language)
        case .csrfRejected: return errorPage(.forbidden, messageKey: "error_csrf", detail: nil, language: language)
        case .busy(let key):
            var response = errorPage(.tooManyRequests, messageKey: key, detail: nil, language: language)
            response.headers.set("retry-after", "5")
            return response
        case .badRequest(let key, let detail): return errorPage(.badRequest, messageKey: key, detail: detail, language: language)
        case .signInRequired:
            guard request.method == "GET" || request.method == "HEAD" else {
                return errorPage(.forbidden, messageKey: "error_signed_out", detail: nil, language: language)
            }
            var target = request.path
            let query = request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
            if !query.isEmpty { target += "?" + query }
            return .redirect(to: "/signin?next=" + target.queryValueEscaped)
        }
    }

    private func errorPage(_ status: HTTPStatus, messageKey: String, detail: String?, language: Language) -> Response {
        let page: [String: Any] = [
            "title": renderer.text("status_\(status.code)", in: language),
            "status": status.code,
            "message": renderer.text(messageKey, in: language),
            "detail": detail as Any,
            "isServerError": status.code >= 500,
        ]
        return renderer.render("error", page: page, language: language, path: "/", status: status)
    }

    /// The anonymous CSRF cookie, when it has the shape Atelier issues (43 characters).
    private static func anonymousCSRFToken(of request: Request) -> String? {
        request.cookies[Cookies.anonymousCSRF].flatMap { $0.utf8.count == 43 ? $0 : nil }
    }

    private static func language(of request: Request) -> Language {
        Language.preferred(cookie: request.cookies[Language.cookieName], acceptLanguage: request.headers["accept-language"])
    }

    /// RFC 9110 method token characters.
    private static func isToken(_ method: String) -> Bool {
        !method.isEmpty && method.utf8.count <= 32 && method.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
            default: tokenSymbols.contains(byte)
            }
        }
    }

    private static let tokenSymbols = Set("!#$%&'*+-.^_`|~".utf8)
}
