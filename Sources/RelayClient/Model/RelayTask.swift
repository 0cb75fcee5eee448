import Foundation

/// The kind of media a task produces.
public enum OutputKind: String, Codable, Sendable, CaseIterable {
    case text, image, audio, video
}

/// The unified state of a task (PROTOCOLS §8.2), whatever family it runs on.
public enum TaskStatus: String, Codable, Sendable, CaseIterable {
    /// Accepted by us or the relay, not yet handed to the upstream.
    case queued
    /// Handed to the upstream, not started.
    case submitted
    /// Being generated.
    case running
    /// Waiting for the user (Midjourney `MODAL`: send `/mj/submit/modal`).
    case needsInput
    case succeeded
    case failed
    case cancelled
    /// A submit whose request may have reached the provider but whose answer was lost:
    /// never resubmit automatically (it may have been charged); look it up or ask a person.
    case unknown

    /// True when no further change is expected from polling.
    public var isTerminal: Bool {
        switch self {
        case .succeeded, .failed, .cancelled: return true
        case .queued, .submitted, .running, .needsInput, .unknown: return false
        }
    }
}

/// One produced file or text: an image, an audio clip, a video, lyrics, a prompt.
public struct TaskOutput: Codable, Sendable, Hashable {
    public var kind: OutputKind
    /// Where to download it, when the provider gives a link.
    public var url: String?
    /// The bytes, when the provider answers with them (b64_json, TTS audio, Jimeng base64).
    public var data: Data?
    /// Text content (lyrics, a describe prompt, a chat answer).
    public var text: String?
    public var mimeType: String?
    /// Size in bytes, where known.
    public var byteCount: Int?
    /// Length in seconds for audio and video, where known.
    public var duration: Double?
    /// A title (a Suno clip) or a label.
    public var title: String?
    /// A cover or thumbnail image for audio and video.
    public var coverURL: String?
    /// The provider's own id of this output (a Suno clip id), where it has one.
    public var providerID: String?
    public var width: Int?
    public var height: Int?

    public init(kind: OutputKind, url: String? = nil, data: Data? = nil, text: String? = nil, mimeType: String? = nil,
                byteCount: Int? = nil, duration: Double? = nil, title: String? = nil, coverURL: String? = nil,
                providerID: String? = nil, width: Int? = nil, height: Int? = nil) {
        self.kind = kind
        self.url = url
        self.data = data
        self.text = text
        self.mimeType = mimeType ?? url.flatMap(MIMEType.guess(fromURL:))
        self.byteCount = byteCount ?? data?.count
        self.duration = duration
        self.title = title
        self.coverURL = coverURL
        self.providerID = providerID
        self.width = width
        self.height = height
    }
}

/// Something the user can do next with a finished task (a Midjourney button).
public struct TaskAction: Codable, Sendable, Hashable {
    /// The opaque id to send back (MJ `customId`).
    public var id: String
    /// What a person sees: the label, or the emoji when the label is empty.
    public var label: String
    public var emoji: String?
    /// The broad kind of action, derived from the id (`upscale`, `variation`, `reroll`, `zoom`,
    /// `pan`, `inpaint`, `customZoom`, `describePrompt`, `video`, …).
    public var kind: String
    /// True when taking this action leads to a `needsInput` step (a mask or a prompt).
    public var needsInput: Bool

    public init(id: String, label: String, emoji: String? = nil, kind: String, needsInput: Bool = false) {
        self.id = id
        self.label = label
        self.emoji = emoji
        self.kind = kind
        self.needsInput = needsInput
    }
}

/// Why a task failed: a category from the error taxonomy and the provider's own words.
public struct TaskFailure: Codable, Sendable, Hashable {
    public var category: RelayErrorCategory
    public var message: String

    public init(category: RelayErrorCategory, message: String) {
        self.category = category
        self.message = message
    }
}

/// One generation task, normalized across families. Codable so the engine can store it.
/// Updates read by `fetch`, `parseCallback` or `RelayDecoding` carry an empty `id` until merged
/// into the stored task (`fetch` returns them merged already).
public struct RelayTask: Codable, Sendable, Hashable {
    /// Our id (a UUID unless the caller chose one).
    public var id: String
    /// The provider's task id, once the submit was answered.
    public var providerTaskID: String?
    public var family: ProtocolFamily
    /// The family operation (`imagine`, `music`, `text2video`, …).
    public var operation: String
    public var kind: OutputKind
    public var status: TaskStatus
    /// 0–100.
    public var progress: Int
    public var outputs: [TaskOutput]
    public var actions: [TaskAction]
    public var failure: TaskFailure?
    /// Family facts needed for later calls (e.g. the Kling endpoint, the unified-video route).
    public var route: [String: String]
    /// The last raw provider answer, secrets removed and long strings shortened.
    public var rawResponse: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// When the provider says the task finished.
    public var finishedAt: Date?

    public init(id: String = RelayTask.newID(), providerTaskID: String? = nil, family: ProtocolFamily, operation: String,
                kind: OutputKind, status: TaskStatus = .queued, progress: Int = 0, outputs: [TaskOutput] = [],
                actions: [TaskAction] = [], failure: TaskFailure? = nil, route: [String: String] = [:],
                rawResponse: String? = nil, createdAt: Date = Date(), updatedAt: Date = Date(), finishedAt: Date? = nil) {
        self.id = id
        self.providerTaskID = providerTaskID
        self.family = family
        self.operation = operation
        self.kind = kind
        self.status = status
        self.progress = progress
        self.outputs = outputs
        self.actions = actions
        self.failure = failure
        self.route = route
        self.rawResponse = rawResponse
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.finishedAt = finishedAt
    }

    /// A new random id in UUID v4 form (from the system generator, without the file reads
    /// Foundation's `UUID()` does on some platforms: decoders create many tasks).
    public static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next(), low = generator.next()
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: high >> ($0 * 8)) } + (0..<8).map { UInt8(truncatingIfNeeded: low >> ($0 * 8)) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (i, byte) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Applies an update read from a fetch or a callback, keeping our id and what the update
    /// does not know (e.g. the route), and never letting progress run backwards while running.
    public func merged(with update: RelayTask) -> RelayTask {
        var next = update
        next.id = id
        next.createdAt = createdAt
        next.providerTaskID = update.providerTaskID ?? providerTaskID
        next.route = route.merging(update.route) { _, new in new }
        if update.operation.isEmpty { next.operation = operation }
        if !update.status.isTerminal, update.status != .needsInput { next.progress = max(progress, update.progress) }
        if update.status == .succeeded { next.progress = 100 }
        return next
    }
}

/// Guesses a MIME type from a file extension in a URL.
enum MIMEType {
    static func guess(fromURL url: String) -> String? {
        let bytes = url.utf8
        let end = bytes.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) ?? bytes.endIndex
        guard let dot = bytes[..<end].lastIndex(of: UInt8(ascii: ".")), bytes.distance(from: dot, to: end) <= 6,
              !bytes[dot..<end].contains(UInt8(ascii: "/"))
        else { return nil }
        switch TextScan.asciiLowercased(url[bytes.index(after: dot)..<end]) {
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "webp": return "image/webp"
        case "gif": return "image/gif"
        case "mp3": return "audio/mpeg"
        case "wav": return "audio/wav"
        case "m4a": return "audio/mp4"
        case "flac": return "audio/flac"
        case "ogg", "opus": return "audio/ogg"
        case "mp4": return "video/mp4"
        case "mov": return "video/quicktime"
        case "webm": return "video/webm"
        default: return nil
        }
    }
}
