import FastCGI

/// What a route handler gets: the request, the path parameters, and the reader's language.
public struct RequestContext: Sendable {
    public let request: Request
    public let parameters: [String: String]
    public let language: Language

    public init(request: Request, parameters: [String: String], language: Language) {
        self.request = request
        self.parameters = parameters
        self.language = language
    }
}
