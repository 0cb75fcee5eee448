import Dispatch
import Synchronization

/// The one queue a worker thread waits on: jobs of the tasks that answer its request, and pieces
/// of the response to write.
final class WorkerMailbox: Sendable {
    enum Item: Sendable {
        case job(UnownedJob)
        case piece(Exchange.Entry)
    }

    private let items = Mutex<[Item]>([])
    private let ready = DispatchSemaphore(value: 0)

    func post(_ item: Item) {
        items.withLock { $0.append(item) }
        ready.signal()
    }

    /// Blocks the calling worker thread until an item arrives.
    func next() -> Item {
        ready.wait()
        return items.withLock { $0.removeFirst() }
    }
}

/// Runs the handler of a worker's request on that worker thread itself.
///
/// The handler is started with this executor as its task executor preference, so its code (and
/// its structured children's) runs here, between the writes of its response, instead of hopping
/// to Swift's cooperative pool and back: no thread switch per request. Code isolated to an actor
/// still runs on that actor, and awaiting the network suspends the task without blocking
/// anyone; the worker thread only waits on its own mailbox, never the pool.
final class WorkerExecutor: TaskExecutor {
    let mailbox = WorkerMailbox()

    func enqueue(_ job: consuming ExecutorJob) {
        mailbox.post(.job(UnownedJob(job)))
    }

    func run(_ job: UnownedJob) {
        job.runSynchronously(on: asUnownedTaskExecutor())
    }
}
