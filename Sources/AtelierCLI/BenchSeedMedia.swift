import AtelierMedia
import Foundation
import Logging

/// The handful of real files every seeded output shares: a few images, videos and audio clips
/// made by ffmpeg, kept in the media folder under their content address as the engine keeps
/// outputs, with thumbnails, posters and facts made by ``DerivativeMaker``. Seeded rows point at
/// them by relative path (the same path for thousands of rows, as identical outputs would), so
/// the gallery's thumbnails and files answer for real while seeding stays fast.
struct BenchSeedMedia: Sendable {
    /// One shared file and what the gallery shows of it.
    struct File: Sendable {
        let kept: KeptFile
        let derivatives: Derivatives
    }

    let images: [File]
    let videos: [File]
    let clips: [File]

    /// ffmpeg's test sources, each at one of the sizes image models answer with.
    private static let imageSources = [
        "testsrc2=size=1024x1024", "mandelbrot=size=1344x768", "smptehdbars=size=768x1344",
        "rgbtestsrc=size=1536x1024", "testsrc=size=1024x1536", "yuvtestsrc=size=1024x1024",
    ]

    /// Makes the files under `folder` (the server's `--media-dir`); identical runs find them kept already.
    static func make(in folder: URL) async throws -> BenchSeedMedia {
        let keeper = MediaKeeper(folder: folder, downloads: DownloadClient(), logger: Logger(label: "bench-seed", factory: { _ in SwiftLogNoOpLogHandler() }))
        let maker = DerivativeMaker(folder: folder)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-bench-media-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        func render(_ name: String, _ arguments: [String], kind: MediaKind) async throws -> KeptFile {
            let target = scratch.appendingPathComponent(name)
            _ = try await ToolRunner().run("ffmpeg", ["-nostdin", "-loglevel", "error"] + arguments + ["-y", target.path])
            return try keeper.keep(data: Data(contentsOf: target), expecting: kind)
        }

        var images: [File] = []
        for (index, source) in imageSources.enumerated() {
            let kept = try await render("image-\(index).png", ["-f", "lavfi", "-i", source, "-frames:v", "1"], kind: .image)
            images.append(File(kept: kept, derivatives: try await maker.image(at: kept.relativePath)))
        }
        var videos: [File] = []
        for (index, source) in ["testsrc2=size=1280x720:rate=24", "mandelbrot=size=720x1280:rate=24"].enumerated() {
            let kept = try await render("video-\(index).mp4", ["-f", "lavfi", "-i", source, "-t", "4", "-c:v", "mpeg4", "-q:v", "8"], kind: .video)
            videos.append(File(kept: kept, derivatives: try await maker.video(at: kept.relativePath)))
        }
        var clips: [File] = []
        for (index, frequency) in [330, 523].enumerated() {
            let kept = try await render("clip-\(index).mp3", ["-f", "lavfi", "-i", "sine=frequency=\(frequency):duration=5", "-c:a", "libmp3lame"],
                                        kind: .audio)
            let cover = try await render("cover-\(index).png", ["-f", "lavfi", "-i", "life=size=512x512:mold=10:seed=\(index + 1)", "-frames:v", "1"],
                                         kind: .image)
            clips.append(File(kept: kept, derivatives: try await maker.audio(at: kept.relativePath, coverPath: cover.relativePath)))
        }
        return BenchSeedMedia(images: images, videos: videos, clips: clips)
    }
}
