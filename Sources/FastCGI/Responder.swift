/// The application behind the bridge. Both calls run on Swift's concurrency pool, never on a
/// worker thread.
public protocol Responder: Sendable {
    /// Answers a well-formed request.
    func respond(to request: Request) async -> Response
    /// Answers a request the bridge could not parse (bad path, bad field, body too large, …).
    /// `request` holds what could be read, possibly with an empty body, or nil when not even the
    /// head could be parsed.
    func respond(to error: RequestError, request: Request?) async -> Response
}
