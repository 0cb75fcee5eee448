import Foundation

/// A task as a task list shows it: only the columns the list needs (never the `request` and
/// `relayState` JSON), read by position from one prepared statement.
public struct TaskListRow: Sendable, Hashable {
    public var id: String
    public var memberName: String
    public var providerName: String
    public var model: String
    public var operation: String
    /// The start of the prompt (at most `promptPrefixLength` characters).
    public var promptPrefix: String
    public var status: TaskState
    public var progress: Int
    public var createdAt: Date
    public var finishedAt: Date?
    public var cost: Double?
    public var costUnit: String?
    public var estimatedCost: Double?

    /// How much of the prompt a list shows.
    public static let promptPrefixLength = 80

    public init(id: String, memberName: String, providerName: String, model: String, operation: String, promptPrefix: String,
                status: TaskState, progress: Int, createdAt: Date, finishedAt: Date?, cost: Double?, costUnit: String?,
                estimatedCost: Double?) {
        self.id = id
        self.memberName = memberName
        self.providerName = providerName
        self.model = model
        self.operation = operation
        // At most that many scalars is at most that many characters: no grapheme walk needed
        // (the list's query cuts the prompt to that many scalars already).
        self.promptPrefix = promptPrefix.unicodeScalars.count <= Self.promptPrefixLength
            ? promptPrefix : String(promptPrefix.prefix(Self.promptPrefixLength))
        self.status = status
        self.progress = progress
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.cost = cost
        self.costUnit = costUnit
        self.estimatedCost = estimatedCost
    }

    /// The list row of a full record (the task and compare pages show the same fields).
    public init(_ task: TaskRecord) {
        self.init(id: task.id, memberName: task.memberName, providerName: task.providerName, model: task.model,
                  operation: task.operation, promptPrefix: task.prompt, status: task.status, progress: task.progress,
                  createdAt: task.createdAt, finishedAt: task.finishedAt, cost: task.cost, costUnit: task.costUnit,
                  estimatedCost: task.estimatedCost)
    }

    /// Where this row stands in a list, for the links to the pages after and before it.
    public var cursor: TaskCursor { TaskCursor(createdAt: createdAt, id: id) }
}
