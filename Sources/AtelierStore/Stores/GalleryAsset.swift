import Foundation

/// One output as its asset page shows it: the task it came from, the output, what the viewer
/// made of it (favourite, tags, collections) and the tasks it led to.
public struct GalleryAsset: Sendable {
    public var task: TaskRecord
    public var output: TaskOutputRecord
    public var isPrivate: Bool
    public var isFavourite: Bool
    public var tags: [String]
    /// The viewer's collections and the shared ones that hold this asset.
    public var collections: [GalleryCollection]
    /// Tasks started from this one's task (a Midjourney button, a retry), oldest first.
    public var ledTo: [TaskListRow]

    /// True when `memberID` made it.
    public func isOwned(by memberID: Int64?) -> Bool { memberID != nil && task.memberId == memberID }
}

/// A named collection of outputs: its owner's, or shared with the team.
public struct GalleryCollection: Sendable, Hashable {
    public var id: Int64
    public var memberID: Int64
    public var ownerName: String
    public var name: String
    public var isShared: Bool
    public var itemCount: Int
}

/// Storage used by one member's outputs of one kind (bytes of the kept files, each output counted).
public struct GalleryStorageLine: Sendable, Hashable {
    public var memberName: String
    public var kind: String
    public var outputs: Int
    public var bytes: Int64
}

/// What deleting outputs did: how many went, and the files no other output uses any more (for
/// the caller to remove from the media folder).
public struct GalleryDeletion: Sendable {
    public var deleted: Int
    public var unusedFiles: [String]
}

/// Tag and collection names as members type them: trimmed, tags lower-cased.
public enum GalleryNames {
    public static let tagLimit = TextLimit(characters: 40)
    public static let collectionLimit = TextLimit(characters: 80)

    /// A tag: trimmed, inner runs of spaces made one, lower-cased; `FieldError` on `tag` when
    /// empty, too long or holding a control character.
    public static func tag(_ text: String) throws -> String {
        let tag = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").lowercased()
        guard !tag.isEmpty else { throw FieldError(field: "tag", code: "required") }
        if let problem = tagLimit.problem(tag, field: "tag") { throw problem }
        guard !tag.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw FieldError(field: "tag", code: "invalid")
        }
        return tag
    }

    /// A collection name: trimmed; `FieldError` on `name` when empty or too long.
    public static func collection(_ text: String) throws -> String {
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw FieldError(field: "name", code: "required") }
        if let problem = collectionLimit.problem(name, field: "name") { throw problem }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw FieldError(field: "name", code: "invalid")
        }
        return name
    }
}
