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
            return errorPage(.badRequest, messageKey: "error_bad_method", detail: nil, language: language,
                             for: request, viewer: await viewerForErrorPage(of: request))
        }
        switch router.match(method: request.method, path: request.path) {
        case .notFound:
            let viewer = await viewerForErrorPage(of: request)
            return errorPage(.notFound, messageKey: "error_not_found", detail: nil, language: Self.language(of: request, viewer: viewer),
                             for: request, viewer: viewer)
        case .methodNotAllowed(let allowed):
            var response = errorPage(.methodNotAllowed, messageKey: "error_method_not_allowed", detail: request.method, language: language,
                                     for: request, viewer: await viewerForErrorPage(of: request))
            response.headers.set("allow", (allowed + (allowed.contains("GET") ? ["HEAD"] : [])).joined(separator: ", "))
            return response
        case .found(let handler, _, let access, let parameters):
            var viewer: Viewer?
            var language = language
            do {
                if access != .hook { viewer = try await self.viewer(of: request) }
                language = Self.language(of: request, viewer: viewer)
                let context = try admit(request, viewer: viewer, access: access, parameters: parameters, language: language)
                return try await handler(context)
            } catch let error as WebError {
                return errorPage(for: error, request: request, viewer: viewer, language: language)
            } catch {
                let reference = UUID().uuidString.prefix(8).lowercased()
                logger.error("request failed", metadata: [
                    "reference": "\(reference)", "method": "\(request.method)", "path": "\(request.path)", "error": "\(error)",
                ])
                return errorPage(.internalServerError, messageKey: "error_internal", detail: String(reference), language: language,
                                 for: request, viewer: viewer)
            }
        }
    }

    /// The signed-in viewer behind the request's session cookie; nil without one.
    private func viewer(of request: Request) async throws -> Viewer? {
        guard let token = request.cookies[Cookies.session], let resolved = try await sessions.resolve(token: token) else { return nil }
        return Viewer(member: resolved.member, session: resolved.session)
    }

    /// The viewer for an error page's navigation: a failure to look the session up only costs
    /// the page its signed-in menu.
    private func viewerForErrorPage(of request: Request?) async -> Viewer? {
        guard let request else { return nil }
        return try? await viewer(of: request)
    }

    /// Applies the route's access rule and the CSRF check to the viewer (resolved only when the
    /// browser sent a session cookie).
    private func admit(_ request: Request, viewer: Viewer?, access: Access, parameters: [String: String], language: Language) throws -> RequestContext {
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
        let viewer = await viewerForErrorPage(of: request)
        let (key, detail): (String, String?)
        switch error {
        case .invalidPath: (key, detail) = ("error_invalid_path", nil)
        case .malformedField(let name): (key, detail) = ("error_malformed_field", name)
        case .bodyTooLarge(let limit): (key, detail) = ("error_body_too_large", Formatting.byteCount(limit))
        case .headersTooLarge: (key, detail) = ("error_headers_too_large", nil)
        case .malformedMultipart: (key, detail) = ("error_malformed_multipart", nil)
        case .truncatedBody: (key, detail) = ("error_truncated_body", nil)
        case .uploadNotStored(let reason):
            // The server's own state (its uploads folder) failed the request: logged, with a reference.
            let reference = UUID().uuidString.prefix(8).lowercased()
            logger.error("upload not stored", metadata: [
                "reference": "\(reference)", "path": "\(request?.path ?? "")", "reason": "\(reason)",
            ])
            (key, detail) = ("error_internal", String(reference))
        }
        return errorPage(error.status, messageKey: key, detail: detail, language: language, for: request, viewer: viewer)
    }

    private func errorPage(for error: WebError, request: Request, viewer: Viewer?, language: Language) -> Response {
        func page(_ status: HTTPStatus, _ key: String, _ detail: String? = nil) -> Response {
            errorPage(status, messageKey: key, detail: detail, language: language, for: request, viewer: viewer)
        }
        switch error {
        case .notFound: return page(.notFound, "error_not_found")
        case .forbidden: return page(.forbidden, "error_forbidden")
        case .csrfRejected: return page(.forbidden, "error_csrf")
        case .busy(let key):
            var response = page(.tooManyRequests, key)
            response.headers.set("retry-after", "5")
            return response
        case .badRequest(let key, let detail): return page(.badRequest, key, detail)
        case .signInRequired:
            guard request.method == "GET" || request.method == "HEAD" else { return page(.forbidden, "error_signed_out") }
            var target = request.path
            let query = request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
            if !query.isEmpty { target += "?" + query }
            return .redirect(to: "/signin?next=" + target.queryValueEscaped)
        }
    }

    /// An error page in the reader's language, with the signed-in navigation when there is a viewer.
    private func errorPage(_ status: HTTPStatus, messageKey: String, detail: String?, language: Language,
                           for request: Request?, viewer: Viewer?) -> Response {
        let title = renderer.text("status_\(status.code)", in: language)
        let page = ErrorPage(status: status.code, title: title, message: renderer.text(messageKey, in: language), detail: detail,
                             isServerError: status.code >= 500)
        // The menu is the home page's (the path "/", with no page marked current), signed in when
        // the request's viewer is known.
        let shownViewer = request == nil ? nil : viewer
        let layout = renderer.layout(title: title, language: language, path: "/", role: shownViewer?.member.role,
                                     viewer: shownViewer.map { renderer.viewerView($0, language: language) },
                                     csrf: shownViewer?.session.csrfToken ?? "", activePath: "")
        return renderer.respond(status: status) {
            CompiledTemplates.error(page, layout: layout, locale: language.rawValue, into: &$0)
        }
    }

    /// The anonymous CSRF cookie, when it has the shape Atelier issues (43 characters).
    private static func anonymousCSRFToken(of request: Request) -> String? {
        request.cookies[Cookies.anonymousCSRF].flatMap { $0.utf8.count == 43 ? $0 : nil }
    }

    /// The signed-in member's own language when they chose one, else the request's.
    private static func language(of request: Request, viewer: Viewer?) -> Language {
        Language.preferred(member: viewer?.member.language, cookie: request.cookies[Language.cookieName],
                           acceptLanguage: request.headers["accept-language"])
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
