import Dispatch
import Synchronization

/// Hands one response from the async handler to the worker thread that owns the FastCGI
/// connection.
///
/// libfcgi's streams do blocking I/O, so only the worker thread touches them: the handler side
/// enqueues pieces and, for streamed chunks, suspends until the worker has written them. The
/// worker thread blocks on a semaphore (it is a plain thread, not one of Swift's cooperative
/// pool), so the async side never blocks.
final class Exchange: Sendable {
    enum Piece: Sendable {
        /// A complete response: head and body, then done.
        case whole(head: [UInt8], body: [UInt8])
        /// The head of a streamed response.
        case head([UInt8])
        /// A piece of a streamed body.
        case chunk([UInt8], flush: Bool)
        /// The streamed body is finished.
        case end
    }

    private struct Entry: Sendable {
        let piece: Piece
        let written: CheckedContinuation<Void, any Error>?
    }

    private struct State: Sendable {
        var queue: [Entry] = []
        var clientGone = false
    }

    private let state = Mutex(State())
    private let ready = DispatchSemaphore(value: 0)

    /// Enqueues a piece without waiting for it to be written.
    func post(_ piece: Piece) {
        state.withLock { $0.queue.append(Entry(piece: piece, written: nil)) }
        ready.signal()
    }

    /// Enqueues a piece and returns once the worker has written it.
    func send(_ piece: Piece) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let gone = state.withLock { state -> Bool in
                if state.clientGone { return true }
                state.queue.append(Entry(piece: piece, written: continuation))
                return false
            }
            if gone {
                continuation.resume(throwing: ResponseWriteError.clientGone)
            } else {
                ready.signal()
            }
        }
    }

    /// Runs on the worker thread: writes pieces as they come until the response is complete.
    /// `write` returns false once the peer is gone; later chunks are then refused.
    func serve(write: (Piece) -> Bool) {
        while true {
            ready.wait()
            let entry = state.withLock { $0.queue.removeFirst() }
            let gone = state.withLock { $0.clientGone }
            let succeeded = gone ? false : write(entry.piece)
            if !succeeded { state.withLock { $0.clientGone = true } }
            if let written = entry.written {
                if succeeded { written.resume() } else { written.resume(throwing: ResponseWriteError.clientGone) }
            }
            switch entry.piece {
            case .whole, .end: return
            case .head, .chunk: continue
            }
        }
    }
}
