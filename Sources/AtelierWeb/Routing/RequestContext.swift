import AtelierStore
import FastCGI

/// What a route handler gets: the request, the path parameters, the reader's language, and who
/// is signed in.
public struct RequestContext: Sendable {
    public let request: Request
    public let parameters: [String: String]
    public let language: Language
    /// The signed-in member, nil before sign-in.
    public let viewer: Viewer?
    /// The token forms on this page must carry: the session's, or the anonymous cookie's
    /// (empty when the browser has none yet; the sign-in page then issues one).
    public let csrfToken: String

    public init(request: Request, parameters: [String: String], language: Language, viewer: Viewer? = nil,
                csrfToken: String = "") {
        self.request = request
        self.parameters = parameters
        self.language = language
        self.viewer = viewer
        self.csrfToken = csrfToken
    }

    /// The signed-in viewer; routes with `.atLeast` access always have one.
    func requireViewer() throws -> Viewer {
        guard let viewer else { throw WebError.forbidden }
        return viewer
    }

    /// The audit actor for changes made by this request.
    func actor() throws -> Actor { try requireViewer().actor(from: request.remoteAddress) }

    /// A path parameter as a database id, or 404.
    func id(_ name: String = "id") throws -> Int64 {
        guard let value = parameters[name], let id = Int64(value), id > 0 else { throw WebError.notFound }
        return id
    }
}
