import CFastCGI
import Dispatch
import Foundation
import Logging
import Synchronization

/// The FastCGI bridge: listens where nginx connects, runs `workerCount` threads each in an
/// `FCGX_Accept_r` loop, and passes requests to an async `Responder`.
///
/// Threading choice: libfcgi's calls block (accept, read, write), so they run on dedicated
/// threads, never on Swift's cooperative pool. Each worker thread, once it has copied a request
/// out of libfcgi, starts the async handler as a `Task` whose task executor is the worker thread
/// itself (`WorkerExecutor`), then waits on its own mailbox for the handler's jobs and the pieces
/// of its response (`Exchange`). The pool's threads never wait on libfcgi, and a request costs no
/// thread switch unless its handler awaits something elsewhere. The number of worker threads
/// bounds the requests in flight, streams included.
///
/// Stopping: SIGTERM or SIGINT (or `stop()`) stops accepting, lets in-flight requests finish
/// within the grace period, then `run()` returns. Shutting the listen socket down wakes every
/// thread blocked in `accept()`, and libfcgi's accept then fails for good. (`FCGX_ShutdownPending`
/// is not used: it wakes nobody and sets a process-wide flag that would stop any later server.)
public final class FastCGIServer: Sendable {
    private let configuration: ServerConfiguration
    private let responder: any Responder
    private let logger: Logger
    private let listenDescriptor = Mutex<Int32>(-1)
    /// Read by every worker before each accept: an atomic, not a lock they would queue on.
    private let stopRequested = Atomic<Bool>(false)

    public init(configuration: ServerConfiguration, responder: any Responder, logger: Logger) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
    }

    /// Opens the socket, starts the workers and returns once they have all stopped (or the grace
    /// period after a stop request has run out).
    public func run(handleSignals: Bool = true) async throws {
        let descriptor = try ListenSocket.open(configuration.listen, backlog: configuration.backlog)
        listenDescriptor.withLock { $0 = descriptor }
        defer { ListenSocket.close(descriptor, address: configuration.listen) }

        let signalSources = handleSignals ? installSignalHandlers() : []
        defer { signalSources.forEach { $0.cancel() } }

        let group = DispatchGroup()
        for index in 0..<configuration.workerCount {
            group.enter()
            let worker = Worker(listenDescriptor: descriptor, configuration: configuration, responder: responder, logger: logger)
            let thread = Thread {
                worker.run()
                group.leave()
            }
            thread.name = "fastcgi-worker-\(index)"
            thread.start()
        }
        logger.info("listening on \(configuration.listen) with \(configuration.workerCount) workers")
        if stopRequested.load(ordering: .sequentiallyConsistent) { wake(descriptor) }

        await waitForWorkers(group)
        logger.info("stopped")
    }

    /// Stops accepting; in-flight requests go on until they finish or the grace period ends.
    public func stop() {
        let first = !stopRequested.exchange(true, ordering: .sequentiallyConsistent)
        guard first else { return }
        logger.info("stopping: no new requests; in-flight ones have \(configuration.gracePeriod)")
        let descriptor = listenDescriptor.withLock { $0 }
        if descriptor >= 0 { wake(descriptor) }
    }

    private func wake(_ descriptor: Int32) {
        shutdown(descriptor, Int32(SHUT_RDWR))
    }

    private func waitForWorkers(_ group: DispatchGroup) async {
        let gate = ResumeOnce()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            gate.arm(continuation)
            group.notify(queue: .global()) { gate.resume() }
            Task { await self.enforceGracePeriod(gate) }
        }
    }

    /// Once a stop is requested, gives in-flight requests the grace period, then lets `run` return.
    private func enforceGracePeriod(_ gate: ResumeOnce) async {
        while !stopRequested.load(ordering: .sequentiallyConsistent) {
            if gate.hasResumed { return }
            try? await Task.sleep(for: .milliseconds(100))
        }
        try? await Task.sleep(for: configuration.gracePeriod)
        if !gate.hasResumed { logger.warning("grace period over: stopping with requests still in flight") }
        gate.resume()
    }

    private func installSignalHandlers() -> [any DispatchSourceSignal] {
        signal(SIGPIPE, SIG_IGN)
        return [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.stop() }
            source.resume()
            return source
        }
    }
}

/// Resumes a continuation exactly once, whoever gets there first.
private final class ResumeOnce: Sendable {
    private let continuation = Mutex<CheckedContinuation<Void, Never>?>(nil)
    private let resumed = Atomic(false)

    func arm(_ continuation: CheckedContinuation<Void, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    var hasResumed: Bool { resumed.load(ordering: .acquiring) }

    func resume() {
        let pending = continuation.withLock { stored -> CheckedContinuation<Void, Never>? in
            defer { stored = nil }
            return stored
        }
        resumed.store(true, ordering: .releasing)
        pending?.resume()
    }
}
