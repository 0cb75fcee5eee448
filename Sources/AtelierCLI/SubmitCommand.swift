import ArgumentParser
import Foundation
import RelayClient

/// `atelier submit image|music|video`: submit, poll until done, print the outputs.
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit", abstract: "Submit a generation and wait for its outputs.",
        subcommands: [SubmitImageCommand.self, SubmitMusicCommand.self, SubmitVideoCommand.self])
}

/// Polling and output options shared by the submit commands.
struct PollOptions: ParsableArguments {
    @Option(name: .customLong("poll-interval"), help: "Seconds between status checks.")
    var interval: Double = 5

    @Option(name: .customLong("wait"), help: "Give up waiting after this many seconds.")
    var wait: Double = 1800

    @Option(name: .customLong("save-dir"), help: "Write outputs that arrive as bytes into this folder.")
    var saveDirectory: String?
}

/// Submits, polls and prints.
func submitAndWait(_ request: GenerationRequest, options: ClientOptions, poll: PollOptions) async throws {
    try await withClient(options) { client in
        let submitted = try await client.submit(request)
        print("submitted: \(submitted.family.rawValue) \(submitted.operation) — task \(submitted.providerTaskID ?? submitted.id)")
        let final = try await client.waitUntilDone(
            submitted, every: .milliseconds(Int(poll.interval * 1000)), timeout: .milliseconds(Int(poll.wait * 1000))
        ) { update in
            print("  \(update.status.rawValue) \(update.progress)%")
        }
        try report(final, saveDirectory: poll.saveDirectory)
        if final.status != .succeeded { throw ExitCode(3) }
    }
}

/// Prints a finished task: status, outputs, next actions, failure.
func report(_ task: RelayTask, saveDirectory: String?) throws {
    print("status: \(task.status.rawValue)")
    if let failure = task.failure { print("failure (\(failure.category.rawValue)): \(failure.message)") }
    for (index, output) in task.outputs.enumerated() {
        var parts = ["[\(index + 1)] \(output.kind.rawValue)"]
        if let title = output.title { parts.append("\"\(title)\"") }
        if let url = output.url { parts.append(url) }
        if let data = output.data {
            if let saveDirectory {
                let ext = output.mimeType?.split(separator: "/").last.map(String.init) ?? "bin"
                let path = URL(fileURLWithPath: saveDirectory).appendingPathComponent("\(task.id)-\(index + 1).\(ext)")
                try data.write(to: path)
                parts.append("saved to \(path.path)")
            } else {
                parts.append("(\(data.count) bytes; use --save-dir to keep them)")
            }
        }
        if let mime = output.mimeType { parts.append(mime) }
        if let duration = output.duration { parts.append(String(format: "%.1f s", duration)) }
        if let cover = output.coverURL { parts.append("cover \(cover)") }
        print(parts.joined(separator: "  "))
        if output.kind == .text, let text = output.text { print(text) }
    }
    if !task.actions.isEmpty {
        print("next actions: " + task.actions.map { "\($0.label) [\($0.id)]" }.joined(separator: ", "))
    }
}

/// `atelier submit image`.
struct SubmitImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "image", abstract: "Generate an image.")

    enum Family: String, ExpressibleByArgument, CaseIterable {
        case openai, midjourney, kling, jimeng, imgopen, mx
    }

    @OptionGroup var options: ClientOptions
    @OptionGroup var poll: PollOptions

    @Option(name: .long, help: "Protocol family: \(Family.allCases.map(\.rawValue).joined(separator: ", ")).")
    var family: Family = .openai

    @Option(name: .long, help: "Model id (OpenAI, Kling, MX).")
    var model: String?

    @Option(name: .long, help: "Size, e.g. 1024x1024 (OpenAI).")
    var size: String?

    @Option(name: .long, help: "Number of images.")
    var n: Int?

    @Argument(help: "The prompt.")
    var prompt: [String]

    func run() async throws {
        let text = prompt.joined(separator: " ")
        let request: GenerationRequest
        switch family {
        case .openai: request = .image(ImageRequest(model: model ?? "dall-e-3", prompt: text, n: n, size: size))
        case .midjourney: request = .midjourney(MidjourneyRequest(.imagine(prompt: text, images: [])))
        case .kling: request = .kling(KlingRequest(endpoint: .imageGeneration, model: model, prompt: text, n: n))
        case .jimeng: request = .jimeng(JimengRequest(prompt: text))
        case .imgopen: request = .imgOpenSD(ImgOpenSDRequest(prompt: text, count: n))
        case .mx: request = .mxDrawing(MXDrawingRequest(prompt: text, model: model ?? "mx"))
        }
        try await submitAndWait(request, options: options, poll: poll)
    }
}

/// `atelier submit music`.
struct SubmitMusicCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "music", abstract: "Generate music with Suno: a description (inspiration mode) or your lyrics.")

    @OptionGroup var options: ClientOptions
    @OptionGroup var poll: PollOptions

    @Option(name: .long, help: "Your lyrics (custom mode); the prompt is then the style.")
    var lyrics: String?

    @Option(name: .long, help: "Song title (custom mode).")
    var title: String?

    @Flag(name: .long, help: "No vocals.")
    var instrumental = false

    @Flag(name: .customLong("lyrics-only"), help: "Write lyrics only.")
    var lyricsOnly = false

    @Option(name: .long, help: "Suno model (mv), e.g. chirp-v4.")
    var model: String?

    @Argument(help: "Description of the song (or the style, with --lyrics).")
    var prompt: [String]

    func run() async throws {
        let text = prompt.joined(separator: " ")
        let mode: SunoRequest.Mode
        if lyricsOnly {
            mode = .lyrics(prompt: text)
        } else if let lyrics {
            mode = .custom(lyrics: lyrics, style: text.isEmpty ? nil : text, title: title)
        } else {
            mode = .inspiration(description: text)
        }
        try await submitAndWait(.suno(SunoRequest(mode, instrumental: instrumental, model: model)), options: options, poll: poll)
    }
}

/// `atelier submit video`.
struct SubmitVideoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "video", abstract: "Generate a video.")

    enum Family: String, ExpressibleByArgument, CaseIterable {
        case unified, create, sora, kling, luma, runway
    }

    @OptionGroup var options: ClientOptions
    @OptionGroup var poll: PollOptions

    @Option(name: .long, help: "Route: unified (/v1/video/generations), create (/v1/video/create), sora (/v1/videos), kling, luma, runway.")
    var family: Family = .unified

    @Option(name: .long, help: "Model id.")
    var model: String?

    @Option(name: .long, help: "First-frame or reference image URL.")
    var image: String?

    @Option(name: .long, help: "Length in seconds.")
    var duration: Int?

    @Argument(help: "The prompt.")
    var prompt: [String]

    func run() async throws {
        let text = prompt.joined(separator: " ")
        let request: GenerationRequest
        switch family {
        case .unified, .create, .sora:
            let route: VideoRequest.Route = family == .unified ? .generations : (family == .create ? .create : .openAIVideos)
            let fallback = family == .sora ? "sora-2" : (family == .create ? "veo3.1-fast" : "kling-v1-6")
            request = .video(VideoRequest(route: route, model: model ?? fallback, prompt: text, images: image.map { [$0] } ?? [],
                                          duration: duration))
        case .kling:
            request = .kling(KlingRequest(endpoint: image == nil ? .textToVideo : .imageToVideo, model: model, prompt: text,
                                          image: image, duration: duration.map(String.init)))
        case .luma:
            request = .luma(LumaRequest(prompt: text, imageURL: image, model: model, duration: duration.map { "\($0)s" }))
        case .runway:
            guard let image else { throw ValidationError("runway needs --image (image to video)") }
            request = .runway(RunwayRequest(model: model ?? "gen4_turbo", promptText: text, promptImage: image, duration: duration))
        }
        try await submitAndWait(request, options: options, poll: poll)
    }
}
