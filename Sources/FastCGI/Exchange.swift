import Synchronization

/// Hands one response from the handler to the worker thread that owns the FastCGI connection.
///
/// libfcgi's streams do blocking I/O, so only the worker thread touches them: the handler side
/// posts pieces to the worker's mailbox and, for streamed chunks, suspends until the worker has
/// written them (so a slow client slows the writer instead of filling memory).
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

    struct Entry: Sendable {
        let piece: Piece
        let written: CheckedContinuation<Void, any Error>?
    }

    private let mailbox: WorkerMailbox
    private let clientGone = Mutex(false)

    init(mailbox: WorkerMailbox) {
        self.mailbox = mailbox
    }

    /// Posts a piece without waiting for it to be written.
    func post(_ piece: Piece) {
        mailbox.post(.piece(Entry(piece: piece, written: nil)))
    }

    /// Posts a piece and returns once the worker has written it.
    func send(_ piece: Piece) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            if clientGone.withLock({ $0 }) {
                continuation.resume(throwing: ResponseWriteError.clientGone)
            } else {
                mailbox.post(.piece(Entry(piece: piece, written: continuation)))
            }
        }
    }

    /// Runs on the worker thread: runs the handler's jobs and writes pieces as they come, until
    /// the response is complete. `write` returns false once the peer is gone; later chunks are
    /// then refused.
    func serve(executor: WorkerExecutor, write: (Piece) -> Bool) {
        while true {
            switch executor.mailbox.next() {
            case .job(let job):
                executor.run(job)
            case .piece(let entry):
                let gone = clientGone.withLock { $0 }
                let succeeded = !gone && write(entry.piece)
                if !succeeded { clientGone.withLock { $0 = true } }
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
}
