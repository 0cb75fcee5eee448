import AtelierStore
import Foundation
import GRDB
import RelayClient

/// The gallery's share of `atelier bench-seed --outputs N`: N kept outputs (images, audio clips
/// with their lyrics, videos, texts) over finished tasks of 20 members and the last 90 days,
/// prompts in English and Chinese, each pointing at a shared real file with its thumbnails,
/// poster and facts (``BenchSeedMedia``), so no background pass has anything left to make.
///
/// Written in one transaction through two prepared statements (tasks, outputs); the gallery's
/// own rows follow from its triggers on `taskOutput`.
struct BenchSeedOutputs {
    let database: AtelierDatabase
    let people: [Member]
    let relays: [ProviderRecord]
    let media: BenchSeedMedia

    /// A route as seeded: what each of its tasks keeps.
    private struct Route: Sendable {
        let family: ProtocolFamily
        let operation: String
        let kind: OutputKind
        let model: String
        let cost: Double
        /// Outputs of one task, in order.
        let outputs: [OutputKind]
    }

    private static let routes = [
        Route(family: .openAI, operation: "openai-image", kind: .image, model: "dall-e-3", cost: 0.04, outputs: [.image, .image]),
        Route(family: .midjourney, operation: "mj-imagine", kind: .image, model: "midjourney", cost: 0.08, outputs: [.image]),
        Route(family: .suno, operation: "suno-music", kind: .audio, model: "chirp-v4", cost: 0.1, outputs: [.audio, .audio, .text]),
        Route(family: .kling, operation: "kling-video", kind: .video, model: "kling-v1-6", cost: 0.35, outputs: [.video]),
        Route(family: .openAI, operation: "openai-image", kind: .image, model: "flux-pro", cost: 0.05, outputs: [.image, .image, .image, .image]),
        Route(family: .luma, operation: "luma-video", kind: .video, model: "ray-2", cost: 0.4, outputs: [.video]),
        Route(family: .midjourney, operation: "mj-describe", kind: .text, model: "midjourney", cost: 0.02, outputs: [.text]),
    ]

    private static let subjects = [
        "a paper crane on a rainy windowsill", "an old lighthouse keeper reading by lamplight", "isometric cutaway of a tiny bakery at dawn",
        "a lo-fi hip hop beat with mellow piano and vinyl crackle", "drone shot over terraced rice fields at sunrise",
        "product photo of a ceramic teapot on linen", "a fox in a snowy birch forest", "neon koi fish swimming through a night market",
        "雨夜的上海外滩，霓虹倒影", "一只橘猫在书店窗台上打盹", "江南水乡的清晨，小船穿过石桥", "一首关于故乡和秋天的民谣",
        "宇航员在月球上放风筝", "熊猫在竹林里吃竹子", "敦煌壁画风格的飞天仙女", "长城上的日出，云海翻涌",
    ]

    private static let styles = [
        ", watercolour", ", 35mm film grain", ", studio lighting --ar 16:9", "，国画风格", "，赛博朋克风格，电影感构图", ", oil painting --v 6.1",
        "，水彩画风，柔和的光线", ", isometric, pastel colours",
    ]

    /// Writes `count` outputs (the last task may stop short); returns the tasks written.
    func seed(count: Int) async throws -> Int {
        let authors = Array(people.filter { $0.role != .viewer }.prefix(20))
        guard count > 0, !authors.isEmpty, !relays.isEmpty else { return 0 }
        let media = self.media
        let relays = self.relays
        return try await database.write { db in
            let insertTask = try db.makeStatement(sql: """
                INSERT INTO task (id, memberId, memberName, providerId, providerName, family, operation, kind, model, prompt, request,
                  idempotencyKey, status, progress, providerTaskId, estimatedCost, cost, costUnit, createdAt, updatedAt, submittedAt,
                  finishedAt, deadlineAt, pollFailures)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'succeeded', 100, ?, ?, ?, 'USD', ?, ?, ?, ?, ?, 0)
                """)
            let insertOutput = try db.makeStatement(sql: """
                INSERT INTO taskOutput (taskId, position, kind, sourceURL, text, title, state, attempts, relativePath, mimeType, byteCount,
                  sha256, width, height, duration, coverSourceURL, thumbnailSmallPath, thumbnailLargePath, posterPath, derivativesState)
                VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            var generator = SystemRandomNumberGenerator()
            let now = Date()
            var written = 0
            var tasks = 0
            while written < count {
                let route = Self.routes[tasks % Self.routes.count]
                let person = authors[tasks % authors.count]
                let relay = relays[Int.random(in: 0..<relays.count, using: &generator)]
                let prompt = Self.subjects[Int.random(in: 0..<Self.subjects.count, using: &generator)]
                    + Self.styles[Int.random(in: 0..<Self.styles.count, using: &generator)]
                // Spread evenly over 90 days, newest last, so the ids follow time as they do live.
                let created = now.addingTimeInterval(-90 * 86_400 * (1 - Double(written) / Double(count)) - 600)
                let finished = created.addingTimeInterval(Double.random(in: 30...300, using: &generator))
                let id = RelayTask.newID()
                try insertTask.execute(arguments: [
                    id, person.id, person.name, relay.id, relay.name, route.family.rawValue, route.operation, route.kind.rawValue, route.model,
                    prompt, "{\"model\":\"\(route.model)\",\"route\":\"\(route.operation)\"}", "bench-gallery-\(tasks)", "bench-g\(tasks)",
                    route.cost, route.cost, DatabaseTimestamp(created), DatabaseTimestamp(finished), DatabaseTimestamp(created),
                    DatabaseTimestamp(finished), DatabaseTimestamp(created.addingTimeInterval(3600)),
                ])
                for (position, kind) in route.outputs.enumerated() where written < count {
                    try insertOutput.execute(arguments: Self.outputArguments(kind, taskID: id, position: position, variant: tasks + position,
                                                                             prompt: prompt, lyrics: route.family == .suno, media: media))
                    written += 1
                }
                tasks += 1
            }
            return tasks
        }
    }

    /// The output's columns: a text (a song's lyrics, or Midjourney's describe prompts), or a
    /// shared kept file with its derivatives.
    private static func outputArguments(_ kind: OutputKind, taskID: String, position: Int, variant: Int, prompt: String, lyrics: Bool,
                                        media: BenchSeedMedia) -> StatementArguments {
        let file: BenchSeedMedia.File? = switch kind {
        case .image: media.images[variant % media.images.count]
        case .video: media.videos[variant % media.videos.count]
        case .audio: media.clips[variant % media.clips.count]
        default: nil
        }
        guard let file else {
            let chinese = prompt.unicodeScalars.contains { $0.value >= 0x4E00 }
            let text = switch (lyrics, chinese) {
            case (true, true): "[主歌]\n\(prompt)\n[副歌]\n风吹过山岗，月光照故乡"
            case (true, false): "[Verse]\n\(prompt)\n[Chorus]\nwe sing until the morning light"
            case (false, _): "1️⃣ \(prompt), cinematic lighting\n2️⃣ \(prompt), watercolor\n3️⃣ \(prompt), isometric\n4️⃣ \(prompt), film still"
            }
            return [taskID, position, OutputKind.text.rawValue, nil, text, lyrics ? "Lyrics" : nil, OutputState.text.rawValue,
                    nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil]
        }
        let made = file.derivatives
        let source = "https://cdn.example.com/\(taskID)-\(position)"
        return [taskID, position, kind.rawValue, source, nil, kind == .audio ? "Song \(variant % 997)" : nil, OutputState.kept.rawValue,
                file.kept.relativePath, file.kept.mimeType, file.kept.byteCount, file.kept.sha256,
                made.facts.width, made.facts.height, made.facts.duration, kind == .audio ? source + ".jpeg" : nil,
                made.thumbnailSmallPath, made.thumbnailLargePath, made.posterPath, DerivativesState.made.rawValue]
    }
}
