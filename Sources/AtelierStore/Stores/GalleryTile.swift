import Foundation

/// One output as a gallery tile shows it: only the columns the grid needs, read by position.
public struct GalleryTile: Sendable, Hashable {
    public var outputID: Int64
    public var taskID: String
    public var position: Int
    public var kind: String
    public var memberID: Int64?
    public var memberName: String
    public var providerName: String
    public var model: String
    /// The start of the prompt (at most `promptPrefixLength` characters).
    public var promptPrefix: String
    public var title: String?
    /// The start of a text output (lyrics, a describe result).
    public var textPrefix: String?
    public var width: Int?
    public var height: Int?
    /// Seconds, for audio and video.
    public var duration: Double?
    public var hasSmallThumbnail: Bool
    public var hasPoster: Bool
    public var createdAt: Date
    public var isPrivate: Bool
    /// The viewer's favourite.
    public var isFavourite: Bool

    public static let promptPrefixLength = 120
    public static let textPrefixLength = 300

    /// Where this tile stands in a list, for the links to the pages around it.
    public func cursor(for memberID: Int64) -> GalleryCursor { GalleryCursor(outputID: outputID, memberID: memberID) }
}

/// A stored row whose column does not hold what the gallery expects.
struct GalleryRowError: Error, CustomStringConvertible {
    let column: Int
    var description: String { "the gallery's column \(column) does not hold the expected value" }
}
