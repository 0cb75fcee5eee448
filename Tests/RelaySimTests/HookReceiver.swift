import Foundation
import Hummingbird
import Logging
import NIOCore

/// A second Hummingbird app on port 0 that records the bodies POSTed to `/hook/{name}`.
final class HookReceiver: Sendable {
    private actor Inbox {
        private var bodies: [String: [[UInt8]]] = [:]
        func add(_ body: [UInt8], for name: String) { bodies[name, default: []].append(body) }
        func received(_ name: String) -> [[UInt8]] { bodies[name] ?? [] }
    }

    private let inbox: Inbox
    private let server: Task<Void, any Error>
    let base: String

    private init(inbox: Inbox, server: Task<Void, any Error>, base: String) {
        self.inbox = inbox
        self.server = server
        self.base = base
    }

    static func start() async throws -> HookReceiver {
        let inbox = Inbox()
        let router = Router()
        router.post("/hook/{name}") { request, context -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            await inbox.add(Array(buffer: body), for: context.parameters.get("name") ?? "")
            return Response(status: .ok)
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "hook-receiver")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        return HookReceiver(inbox: inbox, server: server, base: "http://127.0.0.1:\(port)")
    }

    func url(_ name: String) -> String { "\(base)/hook/\(name)" }

    /// The JSON objects received for `name` once `done` holds for them (or the timeout passes).
    func wait(for name: String, timeout: Duration = .seconds(5), until done: ([[String: Any]]) -> Bool) async throws
        -> [[String: Any]]
    {
        let deadline = ContinuousClock.now + timeout
        var objects: [[String: Any]] = []
        repeat {
            objects = try await inbox.received(name).map {
                try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] ?? [:]
            }
            if done(objects) { return objects }
            try await Task.sleep(for: .milliseconds(20))
        } while ContinuousClock.now < deadline
        return objects
    }

    func stop() async {
        server.cancel()
        _ = try? await server.value
    }
}
