/// The application behind the bridge. Every call runs on the worker thread that accepted the
/// request (the async ones through `WorkerExecutor`, so whatever they await elsewhere suspends
/// the task, never that thread).
public protocol Responder: Sendable {
    /// Answers a well-formed request at once, without awaiting anything, or returns nil to have
    /// `respond(to:)` answer it. Answers that are ready before the request comes (a health
    /// check, a page rendered ahead) are written straight away; no task is started for them
    /// unless their body is streamed.
    func immediateResponse(to request: Request) -> Response?
    /// Answers a well-formed request.
    func respond(to request: Request) async -> Response
    /// Answers a request the bridge could not parse (bad path, bad field, body too large, …).
    /// `request` holds what could be read, possibly with an empty body, or nil when not even the
    /// head could be parsed.
    func respond(to error: RequestError, request: Request?) async -> Response
}

extension Responder {
    /// Nothing is answered at once: every request goes to `respond(to:)`.
    public func immediateResponse(to request: Request) -> Response? { nil }
}
