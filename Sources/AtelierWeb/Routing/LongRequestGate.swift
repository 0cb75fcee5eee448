import FastCGI
import Synchronization

/// Keeps requests that hold a worker thread for long from taking every worker: a streamed chat
/// answer, or a call to a relay made while the reader waits (a connection test, a balance
/// refresh, a price import, a cancel). At most `teamLimit` run at once, so two worker threads
/// always stay free for everyone's pages, and one member runs at most `memberLimit`. A request
/// over a limit is answered at once with a 429 page instead of waiting.
public final class LongRequestGate: Sendable {
    /// Long requests allowed at once for the whole team.
    public let teamLimit: Int
    /// Long requests allowed at once for one member.
    public let memberLimit: Int

    private struct Counts {
        var total = 0
        var perMember: [Int64: Int] = [:]
    }

    private let counts = Mutex(Counts())

    /// Limits for a server with `workerCount` worker threads: all but two of them for long
    /// requests (at least one), two per member.
    public init(workerCount: Int) {
        teamLimit = max(1, workerCount - 2)
        memberLimit = min(2, teamLimit)
    }

    /// Runs `handler` holding a slot for the viewer, until its response is written to the end
    /// (a streamed body included); throws `WebError.busy` when no slot is free.
    func run(_ context: RequestContext, _ handler: RouteHandler) async throws -> Response {
        let member = context.viewer?.member.id ?? 0
        let slot = try enter(member: member)
        var response: Response
        do {
            response = try await handler(context)
        } catch {
            slot.leave()
            throw error
        }
        guard case .stream(let write) = response.body else {
            slot.leave()
            return response
        }
        response.body = .stream { writer in
            defer { slot.leave() }
            try await write(writer)
        }
        return response
    }

    /// The long requests running now (for tests and logs).
    var running: Int { counts.withLock { $0.total } }

    private func enter(member: Int64) throws -> Slot {
        try counts.withLock { counts in
            guard counts.perMember[member, default: 0] < memberLimit else { throw WebError.busy(messageKey: "error_busy_member") }
            guard counts.total < teamLimit else { throw WebError.busy(messageKey: "error_busy_team") }
            counts.total += 1
            counts.perMember[member, default: 0] += 1
        }
        return Slot(gate: self, member: member)
    }

    fileprivate func leave(member: Int64) {
        counts.withLock { counts in
            counts.total -= 1
            let left = counts.perMember[member, default: 1] - 1
            counts.perMember[member] = left > 0 ? left : nil
        }
    }

    /// One held slot, given back exactly once: when the response is written, or when it is
    /// dropped unwritten (the client went away before its stream began).
    private final class Slot: Sendable {
        private let gate: LongRequestGate
        private let member: Int64
        private let held = Mutex(true)

        init(gate: LongRequestGate, member: Int64) {
            self.gate = gate
            self.member = member
        }

        func leave() {
            guard held.withLock({ held in defer { held = false }; return held }) else { return }
            gate.leave(member: member)
        }

        deinit { leave() }
    }
}
