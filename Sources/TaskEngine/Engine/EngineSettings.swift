import Foundation
import RelayClient

/// How the task engine paces itself. The defaults suit real relays (new-api relays refresh a
/// task every 15 s, so polling faster only costs requests); tests shorten everything.
public struct EngineSettings: Sendable {
    /// Seconds between polls of one task, per family.
    public var pollInterval: [ProtocolFamily: TimeInterval]
    public var defaultPollInterval: TimeInterval
    /// Seconds from submit after which a task is failed as timed out, per family.
    public var deadline: [ProtocolFamily: TimeInterval]
    public var defaultDeadline: TimeInterval
    /// Provider calls in flight at once, all providers together.
    public var maxConcurrentCalls: Int
    /// Tasks per batch fetch (Midjourney list-by-condition, Suno fetch).
    public var batchSize: Int
    /// How often the engine looks for due work when nothing wakes it.
    public var tick: TimeInterval
    /// Backoff after failed polls: `base × 2^(failures-1)`, at most `cap`, with ±25 % jitter.
    public var backoffBase: TimeInterval
    public var backoffCap: TimeInterval
    /// How long a poller holds a task it took (a pass must end within it).
    public var lease: TimeInterval
    /// Longer than any submit call may take: a task still `submitting` after it was left by a
    /// stopped process, and becomes `unknown`.
    public var submitTimeout: TimeInterval
    /// Download attempts per output before the task fails.
    public var outputAttempts: Int
    /// Submits refused with a 429 (safe to resend) tried before the task fails.
    public var submitAttempts: Int
    /// Failed polls in a row with an error retrying cannot fix (the task is not found, the key is
    /// refused) before the task fails.
    public var lostAfter: Int
    /// Absolute base URL the providers can reach Atelier at (`https://atelier.example.com`), for
    /// callbacks; nil: no callbacks, polling only.
    public var publicURL: String?

    public init(pollInterval: [ProtocolFamily: TimeInterval] = [.midjourney: 10, .suno: 10, .imgOpenSD: 5, .mxDrawing: 10],
                defaultPollInterval: TimeInterval = 15,
                deadline: [ProtocolFamily: TimeInterval] = [.midjourney: 3600, .openAI: 600, .jimeng: 600, .imgOpenSD: 1800],
                defaultDeadline: TimeInterval = 7200, maxConcurrentCalls: Int = 8, batchSize: Int = 50, tick: TimeInterval = 0.5,
                backoffBase: TimeInterval = 5, backoffCap: TimeInterval = 300, lease: TimeInterval = 60, submitTimeout: TimeInterval = 300, outputAttempts: Int = 5,
                submitAttempts: Int = 5, lostAfter: Int = 3, publicURL: String? = nil) {
        self.pollInterval = pollInterval
        self.defaultPollInterval = defaultPollInterval
        self.deadline = deadline
        self.defaultDeadline = defaultDeadline
        self.maxConcurrentCalls = maxConcurrentCalls
        self.batchSize = batchSize
        self.tick = tick
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
        self.lease = lease
        self.submitTimeout = submitTimeout
        self.outputAttempts = outputAttempts
        self.submitAttempts = submitAttempts
        self.lostAfter = lostAfter
        self.publicURL = publicURL
    }

    func interval(for family: ProtocolFamily) -> TimeInterval { pollInterval[family] ?? defaultPollInterval }

    func deadline(for family: ProtocolFamily) -> TimeInterval { deadline[family] ?? defaultDeadline }

    /// The wait after `failures` failed attempts in a row, or the provider's `Retry-After` when
    /// it is longer (up to a day: a relay cannot park a task for ever).
    func backoff(failures: Int, retryAfter: Double? = nil) -> TimeInterval {
        let exponent = Double(min(max(failures - 1, 0), 16))
        let wait = min(backoffCap, backoffBase * pow(2, exponent))
        let jittered = wait * Double.random(in: 0.75...1.25)
        return max(jittered, min(retryAfter ?? 0, Self.longestRetryAfter))
    }

    /// The longest `Retry-After` honoured.
    static let longestRetryAfter: TimeInterval = 86_400
}
