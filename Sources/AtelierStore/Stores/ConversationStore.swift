import Foundation
import GRDB

/// Chat conversations and their messages.
public struct ConversationStore: Sendable {
    let database: AtelierDatabase

    public init(database: AtelierDatabase) {
        self.database = database
    }

    /// Starts a conversation.
    public func start(_ conversation: Conversation) async throws -> Conversation {
        try await database.write { db in
            var conversation = conversation
            try conversation.insert(db)
            return conversation
        }
    }

    public func find(id: Int64) async throws -> Conversation? {
        try await database.read { db in try Conversation.fetchOne(db, key: id) }
    }

    /// A member's conversations, the latest first.
    public func list(memberID: Int64, limit: Int = 50) async throws -> [Conversation] {
        try await database.read { db in
            try Conversation.filter(Column("memberId") == memberID).order(Column("updatedAt").desc).limit(limit).fetchAll(db)
        }
    }

    public func messages(conversationID: Int64) async throws -> [ChatMessageRecord] {
        try await database.read { db in
            try ChatMessageRecord.filter(Column("conversationId") == conversationID).order(Column("id")).fetchAll(db)
        }
    }

    /// Adds a message (and its usage entry, for an answer) and marks the conversation updated.
    public func append(_ message: ChatMessageRecord, usage: UsageEntry? = nil) async throws {
        try await database.write { db in
            var message = message
            try message.insert(db)
            if var usage { try usage.insert(db) }
            try db.execute(sql: "UPDATE conversation SET updatedAt = ? WHERE id = ?", arguments: [DatabaseTimestamp(message.createdAt), message.conversationId])
        }
    }
}
