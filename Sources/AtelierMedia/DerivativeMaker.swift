import Foundation

/// What the gallery shows instead of a kept file: its facts and the paths (under the media
/// folder) of its thumbnails and poster.
public struct Derivatives: Sendable, Hashable {
    public var facts: MediaFacts
    /// ``DerivativeMaker/smallSize`` px on the long side, WebP.
    public var thumbnailSmallPath: String?
    /// ``DerivativeMaker/largeSize`` px on the long side, WebP.
    public var thumbnailLargePath: String?
    /// A video's frame (JPEG) or an audio clip's kept cover art.
    public var posterPath: String?

    public init(facts: MediaFacts, thumbnailSmallPath: String? = nil, thumbnailLargePath: String? = nil, posterPath: String? = nil) {
        self.facts = facts
        self.thumbnailSmallPath = thumbnailSmallPath
        self.thumbnailLargePath = thumbnailLargePath
        self.posterPath = posterPath
    }
}

/// Why derivatives could not be made.
public enum DerivativeError: Error, Sendable, Equatable {
    /// A tool was missing, failed or ran too long.
    case tool(ToolError)
    /// ffprobe answered, but not with the facts of a readable file of this kind.
    case unreadable(path: String, kind: MediaKind)
    /// The media folder refused a write.
    case storage(reason: String)

    /// In plain words, for the log.
    public var message: String {
        switch self {
        case .tool(let error): error.message
        case .unreadable(let path, let kind): "\(path) is not a readable \(kind.rawValue)"
        case .storage(let reason): reason
        }
    }
}

/// Makes thumbnails, posters and facts of kept files with Debian's tools, run as child
/// processes (``ToolRunner``): `ffprobe` for width, height and duration, `vipsthumbnail` for
/// two WebP thumbnails (``smallSize`` and ``largeSize`` px on the long side, never enlarged), and
/// `ffmpeg` for a video's poster frame (JPEG, at most ``posterSize`` px on the long side).
///
/// Derivatives sit beside their source under its content address (`ab/cd/<sha256>.320.webp`,
/// `.960.webp`, `.poster.jpg`), written to `.partial/` first and renamed into place with the
/// kept files' mode (0644); one that exists already (the same bytes kept before) is reused. At
/// most ``concurrency`` tools run at once, whoever asks.
public struct DerivativeMaker: Sendable {
    public static let smallSize = 320
    public static let largeSize = 960
    public static let posterSize = 1280

    private let root: URL
    private let tools: ToolRunner
    private let gate: CallLimiter

    /// - Parameters:
    ///   - folder: the media folder (the one ``MediaKeeper`` keeps into).
    ///   - concurrency: tools running at once across every caller of this maker.
    public init(folder: URL, tools: ToolRunner = ToolRunner(), concurrency: Int = 2) {
        self.root = folder
        self.tools = tools
        self.gate = CallLimiter(limit: concurrency)
    }

    /// Facts and both thumbnails of a kept image.
    public func image(at relativePath: String) async throws -> Derivatives {
        let facts = try await facts(at: relativePath, kind: .image)
        let (small, large) = try await thumbnails(of: relativePath)
        return Derivatives(facts: facts, thumbnailSmallPath: small, thumbnailLargePath: large)
    }

    /// Facts of a kept video, its poster frame (from one second in, or its middle when shorter)
    /// and the poster's thumbnails.
    public func video(at relativePath: String) async throws -> Derivatives {
        let facts = try await facts(at: relativePath, kind: .video)
        let poster = try await posterFrame(of: relativePath, at: min(1, (facts.duration ?? 0) / 2))
        let (small, large) = try await thumbnails(of: poster)
        return Derivatives(facts: facts, thumbnailSmallPath: small, thumbnailLargePath: large, posterPath: poster)
    }

    /// Facts of a kept audio clip and, when its cover art was kept (`coverPath`), the cover as
    /// its poster with its thumbnails.
    public func audio(at relativePath: String, coverPath: String?) async throws -> Derivatives {
        let facts = try await facts(at: relativePath, kind: .audio)
        guard let coverPath else { return Derivatives(facts: facts) }
        let (small, large) = try await thumbnails(of: coverPath)
        return Derivatives(facts: facts, thumbnailSmallPath: small, thumbnailLargePath: large, posterPath: coverPath)
    }

    /// ffprobe's facts of a file under the media folder (a kept file or a derivative).
    public func facts(at relativePath: String, kind: MediaKind) async throws -> MediaFacts {
        let output = try await runTool("ffprobe", MediaFacts.probeArguments(absolute(relativePath)))
        guard let facts = MediaFacts.parse(probe: output.standardOutput, kind: kind) else {
            throw DerivativeError.unreadable(path: relativePath, kind: kind)
        }
        return facts
    }

    private func thumbnails(of relativePath: String) async throws -> (small: String, large: String) {
        let small = try await thumbnail(of: relativePath, size: Self.smallSize)
        let large = try await thumbnail(of: relativePath, size: Self.largeSize)
        return (small, large)
    }

    private func thumbnail(of relativePath: String, size: Int) async throws -> String {
        let target = Self.derivedPath(relativePath, suffix: "\(size).webp")
        return try await produce(target, partialExtension: "webp") { partial in
            // `>`: only shrink; `strip`: no metadata (no camera location in a thumbnail).
            try await runTool("vipsthumbnail", [absolute(relativePath), "--size", "\(size)x\(size)>", "-o", "\(partial.path)[Q=80,strip]"])
        }
    }

    private func posterFrame(of relativePath: String, at seconds: Double) async throws -> String {
        let target = Self.derivedPath(relativePath, suffix: "poster.jpg")
        let size = Self.posterSize
        return try await produce(target, partialExtension: "jpg") { partial in
            for start in [seconds, 0] {
                try await runTool("ffmpeg", [
                    "-nostdin", "-hide_banner", "-loglevel", "error", "-protocol_whitelist", "file", "-ss", String(format: "%.3f", start),
                    "-i", absolute(relativePath),
                    "-frames:v", "1", "-vf", "scale=w='min(\(size),iw)':h='min(\(size),ih)':force_original_aspect_ratio=decrease",
                    "-q:v", "3", "-y", partial.path,
                ])
                // A seek past the last frame writes nothing and still exits 0: try the start.
                if Self.byteCount(partial) > 0 { return }
            }
            throw DerivativeError.unreadable(path: relativePath, kind: .video)
        }
    }

    /// Makes `target` through a partial file unless it exists already; returns `target`.
    private func produce(_ target: String, partialExtension: String, _ make: (URL) async throws -> Void) async throws -> String {
        let destination = root.appendingPathComponent(target)
        if FileManager.default.fileExists(atPath: destination.path) { return target }
        let partialFolder = root.appendingPathComponent(".partial", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: partialFolder, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw DerivativeError.storage(reason: "cannot create a folder for \(target) (\(error.localizedDescription))")
        }
        let partial = partialFolder.appendingPathComponent("\(UUID().uuidString).\(partialExtension)")
        defer { try? FileManager.default.removeItem(at: partial) }
        try await make(partial)
        guard Self.byteCount(partial) > 0 else { throw DerivativeError.storage(reason: "the tool wrote nothing for \(target)") }
        guard chmod(partial.path, 0o644) == 0, rename(partial.path, destination.path) == 0 else {
            throw DerivativeError.storage(reason: "cannot move \(target) into place (\(String(cString: strerror(errno))))")
        }
        return target
    }

    @discardableResult
    private func runTool(_ tool: String, _ arguments: [String]) async throws -> ToolOutput {
        do {
            return try await gate.run { try await tools.run(tool, arguments) }
        } catch let error as ToolError {
            throw DerivativeError.tool(error)
        }
    }

    private func absolute(_ relativePath: String) -> String {
        root.appendingPathComponent(relativePath).path
    }

    /// `ab/cd/<sha256>.<ext>` → `ab/cd/<sha256>.<suffix>`.
    static func derivedPath(_ relativePath: String, suffix: String) -> String {
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        let folder = relativePath.dropLast(name.count)
        let stem = name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
        return "\(folder)\(stem).\(suffix)"
    }

    private static func byteCount(_ url: URL) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}
