import AtelierStore
import Foundation
import RelayClient

/// The finished tasks `atelier bench-seed` writes for the task pages of `make bench`: tasks of
/// five routes in turn (Midjourney, Suno, Kling, Luma, OpenAI images), spread over the members
/// and the last 30 days, with prompts in English and Chinese, kept outputs (the shared real files
/// of ``BenchSeedMedia``, their derivatives made), and for Midjourney the provider's state with
/// its buttons, as a real finished task has them.
struct BenchTaskSeed {
    let team: Team
    let people: [Member]
    let relays: [ProviderRecord]
    let media: BenchSeedMedia

    /// A route as the seed writes it: its family, studio route, output kind and model.
    private struct Route {
        let family: ProtocolFamily
        let operation: String
        let kind: OutputKind
        let model: String
        let cost: Double
    }

    private static let routes = [
        Route(family: .midjourney, operation: "mj-imagine", kind: .image, model: "midjourney", cost: 0.08),
        Route(family: .suno, operation: "suno-music", kind: .audio, model: "chirp-v4", cost: 0.1),
        Route(family: .kling, operation: "kling-video", kind: .video, model: "kling-v1-6", cost: 0.35),
        Route(family: .luma, operation: "luma-video", kind: .video, model: "ray-2", cost: 0.4),
        Route(family: .openAI, operation: "openai-image", kind: .image, model: "dall-e-3", cost: 0.04),
    ]

    private static let subjects = [
        "a paper crane on a rainy windowsill, soft morning light, 35mm film grain",
        "an old lighthouse keeper reading by lamplight, oil painting, warm palette",
        "isometric cutaway of a tiny bakery at dawn, pastel colours, highly detailed",
        "a lo-fi hip hop beat with mellow piano and vinyl crackle, 80 bpm",
        "drone shot over terraced rice fields in Yunnan at sunrise, mist in the valleys",
        "product photo of a ceramic teapot on linen, studio lighting, shallow depth of field",
        "雨夜的上海外滩，霓虹倒影，赛博朋克风格，电影感构图",
        "一只橘猫在书店窗台上打盹，午后阳光，水彩画风",
        "江南水乡的清晨，小船穿过石桥，薄雾，国画风格",
        "一首关于故乡和秋天的民谣，吉他和口琴，温暖的男声",
        "宇航员在月球上放风筝，超现实主义，高细节",
        "熊猫在竹林里吃竹子，纪录片风格，4K，慢镜头",
    ]

    private static let styles = [
        "", " --ar 16:9", " --v 6.1 --style raw", "，高清细节", " --ar 3:4 --chaos 20", "，柔和的光线",
    ]

    /// Writes `count` finished tasks; answers the id of a finished Midjourney task.
    func seed(count: Int) async throws -> String? {
        var generator = SystemRandomNumberGenerator()
        let now = Date()
        let authors = people.filter { $0.role != .viewer }
        guard !authors.isEmpty, !relays.isEmpty else { return nil }
        var updates: [TaskUpdate] = []
        var midjourneyTask: String?
        for index in 0..<count {
            let route = Self.routes[index % Self.routes.count]
            let person = authors[Int.random(in: 0..<authors.count, using: &generator)]
            let relay = relays[Int.random(in: 0..<relays.count, using: &generator)]
            let prompt = Self.subjects[Int.random(in: 0..<Self.subjects.count, using: &generator)]
                + Self.styles[Int.random(in: 0..<Self.styles.count, using: &generator)]
            let created = now.addingTimeInterval(-Double.random(in: 600...(30 * 86_400), using: &generator))
            let finished = created.addingTimeInterval(Double.random(in: 60...360, using: &generator))
            let id = RelayTask.newID()
            let record = TaskRecord(
                id: id, memberId: person.id, memberName: person.name, providerId: relay.id, providerName: relay.name,
                family: route.family.rawValue, operation: route.operation, kind: route.kind.rawValue, model: route.model,
                prompt: prompt, request: Self.request(route, prompt: prompt), idempotencyKey: "bench-task-\(index)",
                estimatedCost: route.cost, costUnit: "USD", createdAt: created, deadlineAt: created.addingTimeInterval(3600))
            _ = try await team.tasks.create(record)
            let relayState = Self.relayState(route, id: id, created: created, finished: finished)
            updates.append(TaskUpdate(id: id, from: .queued, outputs: Self.outputs(route, taskID: id, prompt: prompt, media: media)) { task in
                task.status = .succeeded
                task.progress = 100
                task.providerTaskId = "bench-\(index)"
                task.relayState = relayState
                task.cost = route.cost
                task.submittedAt = created
                task.finishedAt = finished
            })
            if route.family == .midjourney, midjourneyTask == nil { midjourneyTask = id }
            if updates.count == 200 {
                _ = try await team.tasks.apply(updates, now: finished)
                updates.removeAll(keepingCapacity: true)
            }
        }
        _ = try await team.tasks.apply(updates)
        return midjourneyTask
    }

    /// What was asked, as the engine's JSON would say it (a retry of a seeded task is not expected).
    private static func request(_ route: Route, prompt: String) -> String {
        let body: [String: String] = ["route": route.operation, "model": route.model, "prompt": prompt, "count": "1"]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The provider's view of the finished task; a Midjourney grid carries its U/V/reroll buttons.
    private static func relayState(_ route: Route, id: String, created: Date, finished: Date) -> String? {
        let hash = String(id.prefix(8))
        let actions: [TaskAction] = route.family == .midjourney
            ? (1...4).map { TaskAction(id: "MJ::JOB::upsample::\($0)::\(hash)", label: "U\($0)", kind: "upscale") }
                + (1...4).map { TaskAction(id: "MJ::JOB::variation::\($0)::\(hash)", label: "V\($0)", kind: "variation") }
                + [TaskAction(id: "MJ::JOB::reroll::0::\(hash)::SOLO", label: "", emoji: "🔄", kind: "reroll")]
            : []
        let task = RelayTask(id: id, providerTaskID: hash, family: route.family, operation: route.operation, kind: route.kind,
                             status: .succeeded, progress: 100,
                             outputs: [TaskOutput(kind: route.kind, url: "https://cdn.example.com/\(hash).bin")],
                             actions: actions, createdAt: created, updatedAt: finished, finishedAt: finished)
        return (try? JSONEncoder().encode(task)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Kept outputs, each one of the shared real files with its thumbnails, poster and facts.
    private static func outputs(_ route: Route, taskID: String, prompt: String, media: BenchSeedMedia) -> [TaskOutputRecord] {
        let files: [BenchSeedMedia.File] = switch route.family {
        case .suno: Array(media.clips.prefix(2))
        case .kling, .luma: [media.videos[0]]
        default: [media.images[taskID.utf8.count % media.images.count]]
        }
        var outputs = files.enumerated().map { position, file in
            var output = TaskOutputRecord(taskId: taskID, position: position, kind: route.kind.rawValue,
                                          sourceURL: "https://cdn.example.com/\(taskID)-\(position)")
            output.state = .kept
            output.relativePath = file.kept.relativePath
            output.mimeType = file.kept.mimeType
            output.byteCount = file.kept.byteCount
            output.sha256 = file.kept.sha256
            output.width = file.derivatives.facts.width
            output.height = file.derivatives.facts.height
            output.duration = file.derivatives.facts.duration
            output.thumbnailSmallPath = file.derivatives.thumbnailSmallPath
            output.thumbnailLargePath = file.derivatives.thumbnailLargePath
            output.posterPath = file.derivatives.posterPath
            output.derivativesState = .made
            return output
        }
        if route.family == .suno {
            outputs.append(TaskOutputRecord(taskId: taskID, position: outputs.count, kind: OutputKind.text.rawValue,
                                            text: "[Verse]\n" + prompt, title: "Lyrics"))
        }
        return outputs
    }
}
