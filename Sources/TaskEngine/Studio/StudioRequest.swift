import AtelierStore
import Foundation
import RelayClient

/// What a member asked for, as the studio forms collect it: stored with the task (as JSON) so
/// that the task page can show it and a retry can send it again.
public struct StudioRequest: Codable, Sendable, Hashable {
    public var route: StudioRoute
    public var model: String
    public var prompt: String
    public var negativePrompt: String?
    /// `1024x1024`-style size (OpenAI images, Jimeng, Img Open).
    public var size: String?
    /// `16:9`-style ratio (video, Kling, Midjourney `--ar`).
    public var aspectRatio: String?
    public var count: Int?
    public var seed: Int?
    /// Reference images, kept in the media folder like outputs.
    public var references: [ReferenceImage]
    /// Suno custom mode.
    public var lyrics: String?
    public var style: String?
    public var title: String?
    public var instrumental: Bool
    /// Video length in seconds.
    public var duration: Int?
    /// Text to speech.
    public var voice: String?
    /// A Midjourney button: the provider task it belongs to and its custom id.
    public var parentProviderTaskID: String?
    public var customID: String?

    public init(route: StudioRoute, model: String = "", prompt: String, negativePrompt: String? = nil, size: String? = nil,
                aspectRatio: String? = nil, count: Int? = nil, seed: Int? = nil, references: [ReferenceImage] = [],
                lyrics: String? = nil, style: String? = nil, title: String? = nil, instrumental: Bool = false,
                duration: Int? = nil, voice: String? = nil, parentProviderTaskID: String? = nil, customID: String? = nil) {
        self.route = route
        self.model = model.isEmpty ? (route.takesModel ? route.defaultModel : "") : model
        self.prompt = prompt
        self.negativePrompt = negativePrompt
        self.size = size
        self.aspectRatio = aspectRatio
        self.count = count
        self.seed = seed
        self.references = references
        self.lyrics = lyrics
        self.style = style
        self.title = title
        self.instrumental = instrumental
        self.duration = duration
        self.voice = voice
        self.parentProviderTaskID = parentProviderTaskID
        self.customID = customID
    }

    /// The model as lists show it.
    public var displayModel: String { route.takesModel ? model : route.defaultModel }

    /// The rules a request must meet before anything is written, by form field.
    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        let needsPrompt: Bool
        switch route {
        case .midjourneyBlend, .midjourneyDescribe, .midjourneyAction, .runwayVideo, .transcription: needsPrompt = false
        case .sunoMusic: needsPrompt = (lyrics ?? "").isEmpty
        default: needsPrompt = true
        }
        if needsPrompt, prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.append(FieldError(field: "prompt", code: "required"))
        }
        let texts: [(String, String?, TextLimit)] = [("prompt", prompt, .prompt), ("negative_prompt", negativePrompt, .negativePrompt),
                                                      ("lyrics", lyrics, .lyrics), ("style", style, .title), ("title", title, .title),
                                                      ("voice", voice, .identifier)]
        for (field, value, limit) in texts {
            if let value, let problem = limit.problem(value, field: field) { errors.append(problem) }
        }
        if route.takesModel, model.isEmpty || !TextLimit.model.allows(model) || model.contains(where: { $0.isWhitespace }) {
            errors.append(FieldError(field: "model", code: "invalid"))
        }
        if let count, !(1...4).contains(count) { errors.append(FieldError(field: "count", code: "out_of_range", limit: 4)) }
        if let duration, !(1...60).contains(duration) { errors.append(FieldError(field: "duration", code: "out_of_range", limit: 60)) }
        if let size, Self.dimensions(of: size) == nil { errors.append(FieldError(field: "size", code: "invalid")) }
        if let aspectRatio, Self.ratio(of: aspectRatio) == nil { errors.append(FieldError(field: "aspect_ratio", code: "invalid")) }
        let (minimum, maximum) = route.referenceImages
        if references.count < minimum { errors.append(FieldError(field: "reference", code: "required", limit: minimum)) }
        if references.count > maximum { errors.append(FieldError(field: "reference", code: "too_many", limit: maximum)) }
        if route == .midjourneyAction, (customID ?? "").isEmpty || (parentProviderTaskID ?? "").isEmpty {
            errors.append(FieldError(field: "action", code: "required"))
        }
        return errors
    }

    /// `1024x1024` → (1024, 1024).
    static func dimensions(of size: String) -> (Int, Int)? {
        let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, (64...8192).contains(parts[0]), (64...8192).contains(parts[1]) else { return nil }
        return (parts[0], parts[1])
    }

    /// `16:9` → (16, 9).
    static func ratio(of text: String) -> (Int, Int)? {
        let parts = text.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (1...64).contains(parts[0]), (1...64).contains(parts[1]) else { return nil }
        return (parts[0], parts[1])
    }
}

/// An uploaded reference image (a first frame, an image to blend or describe).
public struct ReferenceImage: Codable, Sendable, Hashable {
    /// Path under the media folder.
    public var path: String
    public var mimeType: String

    public init(path: String, mimeType: String) {
        self.path = path
        self.mimeType = mimeType
    }
}
