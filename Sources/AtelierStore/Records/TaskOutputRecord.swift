import Foundation
import GRDB

/// Whether an output's bytes are in the media folder.
public enum OutputState: String, Codable, Sendable, DatabaseValueConvertible {
    /// Still to download (or to retry).
    case pending
    /// Kept: `relativePath`, `byteCount` and `sha256` are set.
    case kept
    /// Text outputs (lyrics, prompts) need no file.
    case text
    /// Refused for good (blocked address, wrong type, too large, gone).
    case failed
}

/// Whether an output's thumbnails, poster and facts (size, duration) were made.
public enum DerivativesState: String, Codable, Sendable, DatabaseValueConvertible {
    /// Made (those the kind has: thumbnails for an image, a poster for a video or a covered clip).
    case made
    /// The tools could not read the file; the gallery shows a placeholder.
    case failed
}

/// One output of a task: an image, a clip, a video or a text, and where its bytes are kept.
public struct TaskOutputRecord: Codable, Sendable, Hashable, Identifiable, FetchableRecord, MutablePersistableRecord, TimestampedRecord {
    public static let databaseTableName = "taskOutput"

    public var id: Int64?
    public var taskId: String
    /// Order within the task, from 0.
    public var position: Int
    /// `RelayClient.OutputKind` raw value.
    public var kind: String
    /// Where the provider offers it (may expire; never shown, may carry a signed token).
    public var sourceURL: String?
    public var text: String?
    public var title: String?
    public var state: OutputState
    public var attempts: Int
    public var nextAttemptAt: Date?
    /// Why the last download failed, in plain words.
    public var lastError: String?
    /// Path under the media folder.
    public var relativePath: String?
    public var mimeType: String?
    public var byteCount: Int64?
    public var sha256: String?
    public var width: Int?
    public var height: Int?
    public var duration: Double?
    /// Where the provider offers the clip's cover art (Suno's `image_url`; never shown).
    public var coverSourceURL: String?
    /// Paths under the media folder of the image's small and large thumbnails.
    public var thumbnailSmallPath: String?
    public var thumbnailLargePath: String?
    /// Path under the media folder of a video's poster frame or an audio clip's cover.
    public var posterPath: String?
    /// `nil` until the derivatives of a kept output were attempted.
    public var derivativesState: DerivativesState?

    public init(taskId: String, position: Int, kind: String, sourceURL: String? = nil, text: String? = nil,
                title: String? = nil, width: Int? = nil, height: Int? = nil, duration: Double? = nil,
                coverSourceURL: String? = nil) {
        self.taskId = taskId
        self.position = position
        self.kind = kind
        self.sourceURL = sourceURL
        self.text = text
        self.title = title
        self.state = text != nil && sourceURL == nil ? .text : .pending
        self.attempts = 0
        self.width = width
        self.height = height
        self.duration = duration
        self.coverSourceURL = coverSourceURL
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
