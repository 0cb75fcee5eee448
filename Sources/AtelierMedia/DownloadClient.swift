import AsyncHTTPClient
import Synchronization

/// The HTTP client downloads go through, made on the first download (a server with nothing to
/// keep starts no event loop threads), or a client the caller already has.
public final class DownloadClient: Sendable {
    private enum State {
        case notYetMade
        case made(HTTPClient)
        case closed
    }

    private let state: Mutex<State>
    private let ownsClient: Bool

    /// A client made on first use with ``MediaKeeper/httpClientConfiguration``; shut it down
    /// with ``shutdown()``.
    public init() {
        state = Mutex(.notYetMade)
        ownsClient = true
    }

    /// A client the caller made (with redirects disallowed) and shuts down itself.
    public init(_ client: HTTPClient) {
        state = Mutex(.made(client))
        ownsClient = false
    }

    func client() throws -> HTTPClient {
        try state.withLock { state in
            switch state {
            case .made(let client):
                return client
            case .notYetMade:
                let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: MediaKeeper.httpClientConfiguration)
                state = .made(client)
                return client
            case .closed:
                throw MediaError.storage(reason: "the download client is shut down")
            }
        }
    }

    /// Shuts down the client this object made, if it made one; later downloads fail.
    public func shutdown() async throws {
        let made: HTTPClient? = state.withLock { state in
            defer { state = .closed }
            if case .made(let client) = state, ownsClient { return client }
            return nil
        }
        try await made?.shutdown()
    }
}
