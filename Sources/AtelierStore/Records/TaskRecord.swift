import Foundation
import GRDB

/// One generation task as Atelier keeps it: who asked what of which provider, where it stands,
/// and what the poller needs to follow it. Names are kept beside the ids so history survives
/// removals.
///
/// The row is written (`queued`) before the provider is called; every later change is a
/// guarded transition (`TaskStore.transition`), so two writers never both move a task on.
public struct TaskRecord: Codable, Sendable, Hashable, Identifiable, FetchableRecord, PersistableRecord, TimestampedRecord {
    public static let databaseTableName = "task"

    /// Our id (a UUID), also the `RelayTask` id.
    public var id: String
    public var memberId: Int64?
    public var memberName: String
    public var providerId: Int64?
    public var providerName: String
    public var apiKeyId: Int64?
    /// `RelayClient.ProtocolFamily` raw value.
    public var family: String
    /// The family operation (`imagine`, `music`, `text2video`, …).
    public var operation: String
    /// `RelayClient.OutputKind` raw value of the main output.
    public var kind: String
    public var model: String
    /// The prompt as the member wrote it (for lists and search).
    public var prompt: String
    /// What was asked, as JSON the engine understands (a retry sends it again).
    public var request: String
    /// Unique per submission form: a second POST of the same form finds this task.
    public var idempotencyKey: String
    public var status: TaskState
    /// 0–100.
    public var progress: Int
    public var providerTaskId: String?
    /// The provider's view of the task (`RelayTask` as JSON: route, outputs, buttons, answer).
    public var relayState: String?
    /// Error taxonomy category and a plain message for the member.
    public var failureCategory: String?
    public var failureMessage: String?
    /// The provider's own words, shown behind a disclosure.
    public var providerMessage: String?
    public var estimatedCost: Double?
    /// What the usage entry recorded, once the task finished.
    public var cost: Double?
    public var costUnit: String?
    /// SHA-256 (hex) of the token in this task's callback URL, when it has one.
    public var callbackTokenDigest: String?
    /// The task this one follows from (a Midjourney button, a retry).
    public var parentId: String?
    /// Tasks submitted together by "compare" share this.
    public var compareGroup: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var submittedAt: Date?
    public var finishedAt: Date?
    /// After this the task is failed as timed out.
    public var deadlineAt: Date
    /// When the poller looks next (nil: nothing to poll); for a queued task refused with a 429,
    /// when it may be sent again.
    public var nextPollAt: Date?
    /// Failed polls in a row (for backoff), or refused submits of a queued task.
    public var pollFailures: Int
    /// A poller holds the task until then; nobody else polls it meanwhile.
    public var leaseUntil: Date?

    public init(id: String, memberId: Int64?, memberName: String, providerId: Int64?, providerName: String,
                apiKeyId: Int64? = nil, family: String, operation: String, kind: String, model: String, prompt: String,
                request: String, idempotencyKey: String, estimatedCost: Double? = nil, costUnit: String? = nil,
                parentId: String? = nil, compareGroup: String? = nil, createdAt: Date = Date(), deadlineAt: Date) {
        self.id = id
        self.memberId = memberId
        self.memberName = memberName
        self.providerId = providerId
        self.providerName = providerName
        self.apiKeyId = apiKeyId
        self.family = family
        self.operation = operation
        self.kind = kind
        self.model = model
        self.prompt = prompt
        self.request = request
        self.idempotencyKey = idempotencyKey
        self.status = .queued
        self.progress = 0
        self.estimatedCost = estimatedCost
        self.costUnit = costUnit
        self.parentId = parentId
        self.compareGroup = compareGroup
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.deadlineAt = deadlineAt
        self.pollFailures = 0
    }
}
