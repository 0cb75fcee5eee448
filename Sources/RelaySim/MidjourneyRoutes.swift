import Foundation
import Hummingbird

/// The midjourney-proxy family (PROTOCOLS §4) under `/mj` and the mode prefixes
/// `/mj-fast/mj`, `/mj-relax/mj`, `/mj-turbo/mj`.
struct MidjourneyRoutes: TaskRenderer {
    static let prefixes = ["", "/mj-fast", "/mj-relax", "/mj-turbo"]

    let sim: SimContext

    private var raw: Bool { sim.configuration.midjourneyMode == .raw }

    func register(_ table: inout RouteTable) {
        for prefix in Self.prefixes {
            let base = prefix + "/mj"
            let mode = prefix.isEmpty ? "FAST" : prefix.dropFirst(4).uppercased()
            func post(_ path: String, _ handler: @escaping @Sendable (SimRequest, String) async throws -> Response) {
                table.add(.post, [base + path], family: .midjourney, auth: .midjourney) { try await handler($0, mode) }
            }
            post("/submit/imagine") { try await imagine($0, mode: $1) }
            post("/submit/action") { request, mode in
                try await action(request, taskID: request.field("taskId"), customId: request.field("customId"), mode: mode)
            }
            post("/submit/change") { try await change($0, mode: $1) }
            post("/submit/simple-change") { try await simpleChange($0, mode: $1) }
            post("/submit/modal") { request, _ in try await modal(request) }
            post("/submit/blend") { try await blend($0, mode: $1) }
            post("/submit/describe") { try await describe($0, mode: $1) }
            post("/submit/shorten") { try await shorten($0, mode: $1) }
            post("/submit/video") { try await video($0, mode: $1) }
            post("/insight-face/swap") { try await swapFace($0, mode: $1) }
            post("/submit/upload-discord-images") { request, _ in try await upload(request) }
            post("/task/list-by-condition") { request, _ in try await list(request) }
            post("/task/list-by-ids") { request, _ in try await list(request) }
            post("/task/{id}/cancel") { request, _ in try await cancel(request.parameter("id")) }
            table.add(.get, [base + "/task/{id}/fetch"], family: .midjourney, auth: .midjourney) { request in
                try await fetch(request.parameter("id"))
            }
            table.add(.get, [base + "/task/{id}/image-seed"], family: .midjourney, auth: .midjourney) { request in
                try await imageSeed(request.parameter("id"))
            }
        }
    }

    // MARK: Submissions

    private func imagine(_ request: SimRequest, mode: String) async throws -> Response {
        guard let prompt = request.field("prompt") else { return Self.result(code: 4, "prompt不能为空") }
        let images = request.json?["base64Array"]?.array ?? []
        guard images.allSatisfy({ Self.isDataURI($0.string) }) else { return Self.result(code: 4, "base64格式错误") }
        return try await submit(request, action: "IMAGINE", prompt: prompt, mode: mode, cost: Prices.midjourneyImagine)
    }

    private func action(_ request: SimRequest, taskID: String?, customId: String?, mode: String) async throws -> Response {
        guard let taskID, let customId else { throw SimFailure.invalid("custom_id_is_required") }
        guard let press = MidjourneyButtons.press(customId) else { throw SimFailure.invalid("unknown_action:\(customId)") }
        guard let parent = await visibleTask(taskID) else {
            return Self.result(code: 3, "关联任务不存在或已失效", status: .notFound)
        }
        guard status(of: parent, now: Date()) == "SUCCESS" else { return Self.result(code: 4, "关联任务状态错误") }
        var prompt = parent.prompt
        if let index = press.promptIndex {
            let prompts = parent.detail("prompts")?.array?.compactMap(\.string) ?? []
            prompt = prompts.indices.contains(index - 1) ? prompts[index - 1] : parent.prompt
        }
        var details: [String: JSONValue] = ["customId": .string(customId), "parentId": .string(parent.id)]
        if press.action == "DESCRIBE" { details["prompts"] = .array(Self.describePrompts(seed: parent.id).map(JSONValue.string)) }
        return try await submit(
            request, action: press.action, prompt: prompt, mode: mode, cost: Prices.midjourneyAction,
            details: details, modal: press.needsModal)
    }

    /// Legacy `{"taskId","action":"UPSCALE|VARIATION|REROLL","index"}`.
    private func change(_ request: SimRequest, mode: String) async throws -> Response {
        guard let taskID = request.field("taskId"), let kind = request.field("action") else {
            throw SimFailure.invalid("action_is_required")
        }
        let index = request.json?["index"]?.int ?? 1
        let customId: String
        switch kind {
        case "UPSCALE": customId = "MJ::JOB::upsample::\(index)::legacy"
        case "VARIATION": customId = "MJ::JOB::variation::\(index)::legacy"
        case "REROLL": customId = "MJ::JOB::reroll::0::legacy::SOLO"
        default: return Self.result(code: 4, "参数错误")
        }
        guard kind == "REROLL" || (1...4).contains(index) else { return Self.result(code: 4, "参数错误") }
        return try await action(request, taskID: taskID, customId: customId, mode: mode)
    }

    /// Legacy `{"content":"<taskId> U2"}`.
    private func simpleChange(_ request: SimRequest, mode: String) async throws -> Response {
        let words = (request.field("content") ?? "").split(separator: " ").map(String.init)
        guard words.count == 2, let letter = words[1].first else { return Self.result(code: 4, "content参数错误") }
        let index = Int(words[1].dropFirst()) ?? 0
        let customId: String
        switch letter {
        case "U" where (1...4).contains(index): customId = "MJ::JOB::upsample::\(index)::legacy"
        case "V" where (1...4).contains(index): customId = "MJ::JOB::variation::\(index)::legacy"
        case "R" where words[1] == "R": customId = "MJ::JOB::reroll::0::legacy::SOLO"
        default: return Self.result(code: 4, "content参数错误")
        }
        return try await action(request, taskID: words[0], customId: customId, mode: mode)
    }

    private func modal(_ request: SimRequest) async throws -> Response {
        guard let taskID = request.field("taskId") else { return Self.result(code: 4, "taskId不能为空") }
        guard let task = await visibleTask(taskID) else {
            return Self.result(code: 3, "关联任务不存在或已失效", status: .notFound)
        }
        guard task.awaitingModal else { return Self.result(code: 4, "关联任务状态错误") }
        let prompt = request.field("prompt")
        await sim.state.update(task.id) { task in
            task.awaitingModal = false
            task.startedAt = Date()
            if let prompt { task.prompt = prompt }
            if let mask = request.field("maskBase64") { task.details["maskBase64"] = .string(mask) }
        }
        return Self.result(code: 1, "提交成功", result: .string(task.id))
    }

    private func blend(_ request: SimRequest, mode: String) async throws -> Response {
        let images = request.json?["base64Array"]?.array ?? []
        guard (2...5).contains(images.count) else { return Self.result(code: 4, "base64List参数错误") }
        guard images.allSatisfy({ Self.isDataURI($0.string) }) else { return Self.result(code: 4, "base64格式错误") }
        let dimensions = request.field("dimensions") ?? "SQUARE"
        return try await submit(
            request, action: "BLEND", prompt: "", mode: mode, cost: Prices.midjourneyImagine,
            details: ["dimensions": .string(dimensions), "imageCount": .int(images.count)])
    }

    private func describe(_ request: SimRequest, mode: String) async throws -> Response {
        guard let source = request.field("base64") ?? request.field("link") else { return Self.result(code: 4, "base64参数错误") }
        let prompts = Self.describePrompts(seed: source)
        return try await submit(
            request, action: "DESCRIBE", prompt: "", mode: mode, cost: Prices.midjourneyAction,
            details: ["prompts": .array(prompts.map(JSONValue.string))])
    }

    private func shorten(_ request: SimRequest, mode: String) async throws -> Response {
        guard let prompt = request.field("prompt") else { return Self.result(code: 4, "prompt不能为空") }
        let words = prompt.split(separator: " ").map(String.init)
        let prompts = (1...5).map { count in words.prefix(max(1, words.count * count / 6)).joined(separator: " ") }
        return try await submit(
            request, action: "SHORTEN", prompt: prompt, mode: mode, cost: Prices.midjourneyAction,
            details: ["prompts": .array(prompts.map(JSONValue.string))])
    }

    private func video(_ request: SimRequest, mode: String) async throws -> Response {
        guard let prompt = request.field("prompt") else { return Self.result(code: 4, "prompt不能为空") }
        return try await submit(request, action: "VIDEO", prompt: prompt, mode: mode, cost: Prices.midjourneyImagine)
    }

    private func swapFace(_ request: SimRequest, mode: String) async throws -> Response {
        let source = request.field("sourceBase64") ?? request.field("sourceUrl")
        let target = request.field("targetBase64") ?? request.field("targetUrl")
        guard source != nil, target != nil else { throw SimFailure.invalid("sour_base64_and_target_base64_is_required") }
        return try await submit(request, action: "SWAP_FACE", prompt: "", mode: mode, cost: Prices.midjourneyAction)
    }

    private func upload(_ request: SimRequest) async throws -> Response {
        let images = request.json?["base64Array"]?.array ?? []
        guard !images.isEmpty, images.allSatisfy({ Self.isDataURI($0.string) }) else {
            return Self.result(code: 4, "base64格式错误")
        }
        let media = MediaURLs(sim: sim)
        let urls = images.map { JSONValue.string(media.image("upload-\(StableHash.fnv($0.string ?? ""))", width: 512, height: 512)) }
        return Self.result(code: 1, "提交成功", result: .array(urls))
    }

    /// Stores a new task and answers the submit envelope (codes 1, 21, 22, 23).
    private func submit(
        _ request: SimRequest, action: String, prompt: String, mode: String, cost: Double,
        details: [String: JSONValue] = [:], modal: Bool = false
    ) async throws -> Response {
        if request.magic.contains(.busy) { return Self.result(code: 23, "队列已满，请稍后尝试") }
        let state = sim.state
        let failing = await sim.shouldFail(request)
        let queued = raw ? await state.unfinishedCount(.midjourney) : 0
        let id = await state.makeID(.midjourney)
        let now = Date()
        var allDetails = details
        allDetails["hash"] = .string(StableHash.uuid(id))
        allDetails["mode"] = .string(mode)
        allDetails["botType"] = .string(request.field("botType") ?? "MID_JOURNEY")
        allDetails["state"] = .string(request.field("state") ?? "")
        let task = SimTask(
            id: id, family: .midjourney, action: action, prompt: prompt, model: "midjourney", createdAt: now,
            startedAt: now, steps: await sim.state.stepsForNewTask(),
            failure: failing ? "[Invalid parameter] Invalid value (sim:fail)" : nil, lost: request.magic.contains(.lost),
            awaitingModal: modal, hookURL: request.field("notifyHook"), cost: cost, details: allDetails)
        _ = try await state.insert(task)
        let instance: JSONValue = ["discordInstanceId": "1118138338562560102", "discordChannelId": "1118138338562560102"]
        if modal {
            return Self.result(
                code: 21, "Waiting for window confirm", result: .string(id),
                properties: instance.merging(["finalPrompt": .string(prompt), "remix": true]))
        }
        if queued > 0 {
            return Self.result(
                code: 22, "排队中，前面还有\(queued)个任务", result: .string(id),
                properties: instance.merging(["numberOfQueues": .int(queued)]))
        }
        return Self.result(code: 1, "提交成功", result: .string(id), properties: instance)
    }

    // MARK: Queries

    private func fetch(_ id: String) async throws -> Response {
        guard let task = await visibleTask(id) else {
            if raw { return Reply.bytes([], contentType: "application/json") }
            throw SimFailure(.notFound)
        }
        return Reply.json(view(task, now: Date()))
    }

    private func list(_ request: SimRequest) async throws -> Response {
        let ids = request.json?["ids"]?.array?.compactMap(\.string) ?? []
        var views: [JSONValue] = []
        let now = Date()
        for id in ids {
            if let task = await visibleTask(id) { views.append(view(task, now: now)) }
        }
        return Reply.json(.array(views))
    }

    private func imageSeed(_ id: String) async throws -> Response {
        guard let task = await visibleTask(id) else { return Self.result(code: 3, "关联任务不存在或已失效", status: .notFound) }
        guard status(of: task, now: Date()) == "SUCCESS" else {
            return Self.result(code: 4, "关联任务状态错误", status: .badRequest)
        }
        return Self.result(code: 1, "成功", result: .string(String(StableHash.fnv(task.id) % 4_294_967_295)))
    }

    private func cancel(_ id: String) async throws -> Response {
        guard let task = await visibleTask(id) else { return Self.result(code: 3, "关联任务不存在或已失效", status: .notFound) }
        let now = Date()
        guard task.phase(sim.clock, now: now) != .finished else { return Self.result(code: 4, "关联任务状态错误") }
        await sim.state.update(id) { $0.cancelledAt = now }
        return Self.result(code: 1, "成功", result: .string(id))
    }

    private func visibleTask(_ id: String) async -> SimTask? {
        guard let task = await sim.state.task(id), task.family == .midjourney, !task.lost else { return nil }
        return task
    }

    // MARK: Views

    func status(of task: SimTask, now: Date) -> String {
        if task.awaitingModal { return "MODAL" }
        if task.cancelledAt != nil { return "CANCEL" }
        switch task.phase(sim.clock, now: now) {
        case .queued: return raw ? "NOT_START" : ""
        case .submitted: return "SUBMITTED"
        case .running: return "IN_PROGRESS"
        case .finished: return task.failure == nil ? "SUCCESS" : "FAILURE"
        }
    }

    /// The task object of fetch, list-by-condition and notifyHook (PROTOCOLS §4.5).
    func view(_ task: SimTask, now: Date) -> JSONValue {
        let clock = sim.clock
        let phase = task.phase(clock, now: now)
        let status = status(of: task, now: now)
        let hash = task.detail("hash")?.string ?? ""
        let prompts = task.detail("prompts")?.array ?? []
        let progress: String
        switch phase {
        case .running(let fraction): progress = "\(Int(fraction * 100))%"
        case .finished where status == "SUCCESS": progress = "100%"
        case .finished: progress = raw ? "" : "100%"
        default: progress = "0%"
        }
        let success = status == "SUCCESS"
        var imageURL = ""
        if case .running = phase { imageURL = image(task.id) + (raw ? "" : "?rand=\(now.unixMilliseconds)") }
        if success && task.action != "DESCRIBE" && task.action != "SHORTEN" { imageURL = image(task.id) }
        let media = MediaURLs(sim: sim)
        let grid = success && !["UPSCALE", "DESCRIBE", "SHORTEN", "SWAP_FACE", "VIDEO"].contains(task.action)
        let imageURLs: JSONValue = grid
            ? .array((1...4).map { ["url": .string(media.image("mj-\(task.id)-\($0)", width: 512, height: 512))] }) : nil
        let videoURL = success && task.action == "VIDEO" ? media.video("mj-\(task.id)") : ""
        var finalPrompt = task.prompt
        if success && (task.action == "DESCRIBE" || task.action == "SHORTEN") {
            let emoji = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣"]
            finalPrompt = prompts.enumerated().map { "\(emoji[$0.offset % 5]) \($0.element.string ?? "")" }
                .joined(separator: "\n\n")
        }
        let started = task.runningSince(clock, now: now)?.unixMilliseconds
        let finished = task.finishedAt(clock, now: now)?.unixMilliseconds
        let unset: JSONValue = raw ? nil : 0
        return [
            "id": .string(task.id), "action": .string(task.action), "customId": .string(task.detail("customId")?.string ?? ""),
            "botType": task.detail("botType") ?? "MID_JOURNEY", "mode": task.detail("mode") ?? "FAST",
            "prompt": .string(task.prompt), "promptEn": .string(task.prompt),
            "description": .string(task.awaitingModal ? "Waiting for window confirm" : "Submit success"),
            "state": task.detail("state") ?? "", "submitTime": .int(task.createdAt.unixMilliseconds),
            "startTime": started.map(JSONValue.int) ?? unset, "finishTime": finished.map(JSONValue.int) ?? unset,
            "imageUrl": .string(imageURL), "imageUrls": imageURLs,
            "videoUrl": .string(videoURL), "videoUrls": videoURL.isEmpty ? nil : [["url": .string(videoURL)]],
            "status": .string(status), "progress": .string(progress),
            "failReason": .string(status == "FAILURE" ? task.failure ?? "" : status == "CANCEL" ? "Cancelled" : ""),
            "buttons": success
                ? .array(MidjourneyButtons.offered(action: task.action, hash: hash, promptCount: prompts.count)) : [],
            "maskBase64": task.detail("maskBase64") ?? "",
            "properties": ["finalPrompt": .string(finalPrompt), "finalZhPrompt": ""],
        ]
    }

    private func image(_ id: String) -> String {
        raw ? MediaURLs(sim: sim).image("mj-\(id)") : sim.url("/mj/image/\(id)")
    }

    func callback(for task: SimTask, now: Date) -> TaskCallback {
        let phase = task.phase(sim.clock, now: now)
        let order = task.awaitingModal ? 0 : TaskCallback.order(of: phase)
        return TaskCallback(order: order, final: phase == .finished, body: view(task, now: now))
    }

    // MARK: Helpers

    static func result(
        code: Int, _ description: String, result: JSONValue = nil, properties: JSONValue = [:],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        Reply.json(["code": .int(code), "description": .string(description), "result": result, "properties": properties], status: status)
    }

    static func isDataURI(_ value: String?) -> Bool {
        guard let value else { return false }
        return value.hasPrefix("data:") && value.contains(";base64,")
    }

    /// The four prompts a describe "reads" from an image.
    static func describePrompts(seed: String) -> [String] {
        let styles = ["soft pastel gradient", "bold geometric poster", "misty watercolour landscape", "neon night street"]
        let number = StableHash.fnv(seed) % 1000
        return styles.map { "\($0), simulated picture \(number) --ar 1:1" }
    }
}
