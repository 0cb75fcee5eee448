import FastCGI
import Foundation
import Logging

/// The web application: routes requests to handlers and turns every failure into a page in the
/// reader's language. It is the `Responder` the FastCGI bridge calls.
public struct AtelierApp: Responder {
    private let router: Router
    private let renderer: PageRenderer
    private let logger: Logger

    public init(router: Router, renderer: PageRenderer, logger: Logger) {
        self.router = router
        self.renderer = renderer
        self.logger = logger
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
        case .found(let handler, let parameters):
            let context = RequestContext(request: request, parameters: parameters, language: language)
            do {
                return try await handler(context)
            } catch let error as WebError {
                return errorPage(for: error, language: language)
            } catch {
                let reference = UUID().uuidString.prefix(8).lowercased()
                logger.error("request failed", metadata: [
                    "reference": "\(reference)", "method": "\(request.method)", "path": "\(request.path)", "error": "\(error)",
                ])
                return errorPage(.internalServerError, messageKey: "error_internal", detail: String(reference), language: language)
            }
        }
    }

    public func respond(to error: RequestError, request: Request?) async -> Response {
        let language = request.map(Self.language(of:)) ?? .english
        let (key, detail): (String, String?) = switch error {
        case .invalidPath: ("error_invalid_path", nil)
        case .malformedField(let name): ("error_malformed_field", name)
        case .bodyTooLarge(let limit): ("error_body_too_large", ByteCountFormatter.string(fromByteCount: Int64(limit), countStyle: .binary))
        case .headersTooLarge: ("error_headers_too_large", nil)
        case .malformedMultipart: ("error_malformed_multipart", nil)
        case .truncatedBody: ("error_truncated_body", nil)
        }
        return errorPage(error.status, messageKey: key, detail: detail, language: language)
    }

    private func errorPage(for error: WebError, language: Language) -> Response {
        switch error {
        case .notFound: return errorPage(.notFound, messageKey: "error_not_found", detail: nil, language: language)
        case .forbidden: return errorPage(.forbidden, messageKey: "error_forbidden", detail: nil, language: language)
        case .badRequest(let key, let detail): return errorPage(.badRequest, messageKey: key, detail: detail, language: language)
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

    private static func language(of request: Request) -> Language {
        Language.preferred(cookie: request.cookies[Language.cookieName], acceptLanguage: request.headers["accept-language"])
    }

    /// RFC 9110 method token characters.
    private static func isToken(_ method: String) -> Bool {
        !method.isEmpty && method.utf8.count <= 32 && method.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "!#$%&'*+-.^_`|~".unicodeScalars.contains($0)
        }
    }
}
