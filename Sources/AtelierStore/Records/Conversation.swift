import Foundation
import GRDB

/// A chat with one model on one provider, kept so a member can come back to it.
public struct Conversation: Codable, Sendable, Hashable, Identifiable, FetchableRecord, MutablePersistableRecord, TimestampedRecord {
    public static let databaseTableName = "conversation"

    public var id: Int64?
    public var memberId: Int64?
    public var memberName: String
    public var providerId: Int64?
    public var providerName: String
    public var model: String
    /// The start of the first message, for lists.
    public var title: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(memberId: Int64?, memberName: String, providerId: Int64?, providerName: String, model: String, title: String,
                createdAt: Date = Date()) {
        self.memberId = memberId
        self.memberName = memberName
        self.providerId = providerId
        self.providerName = providerName
        self.model = model
        self.title = title
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One message of a conversation.
public struct ChatMessageRecord: Codable, Sendable, Hashable, Identifiable, FetchableRecord, MutablePersistableRecord, TimestampedRecord {
    public static let databaseTableName = "chatMessage"

    public var id: Int64?
    public var conversationId: Int64
    /// `user`, `assistant` or `system`.
    public var role: String
    public var content: String
    /// Set when the answer broke off: what went wrong, in plain words.
    public var failure: String?
    public var createdAt: Date

    public init(conversationId: Int64, role: String, content: String, failure: String? = nil, createdAt: Date = Date()) {
        self.conversationId = conversationId
        self.role = role
        self.content = content
        self.failure = failure
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
