import Foundation

/// A Midjourney proxy submit (PROTOCOLS §4.2).
public struct MidjourneyRequest: Sendable {
    public enum Operation: Sendable, Hashable {
        /// `prompt` carries every MJ parameter; `images` are data URIs for image prompts.
        case imagine(prompt: String, images: [String])
        /// Press a button (`customId`) of a finished task.
        case action(taskID: String, customID: String)
        /// 2–5 data URIs; dimensions `PORTRAIT` | `SQUARE` | `LANDSCAPE`.
        case blend(images: [String], dimensions: String?)
        /// One image as a data URI or a link.
        case describe(image: String)
        /// Complete a task waiting in `MODAL` (Vary Region mask, Custom Zoom prompt, remix).
        case modal(taskID: String, prompt: String?, maskBase64: String?)
        case shorten(prompt: String)
        /// Face from `source` onto `target` (data URIs).
        case swapFace(source: String, target: String)
    }

    public var operation: Operation
    /// `MID_JOURNEY` (default) or `NIJI_JOURNEY`.
    public var botType: String?
    /// Callback URL for this task (relays drop it unless enabled, §4.2).
    public var notifyHook: String?
    /// Opaque text echoed back in the task.
    public var state: String?
    /// Mode prefix for this submit (`mj-fast`, `mj-relax`); nil uses the provider's option.
    public var mode: String?

    public init(_ operation: Operation, botType: String? = nil, notifyHook: String? = nil, state: String? = nil,
                mode: String? = nil) {
        self.operation = operation
        self.botType = botType
        self.notifyHook = notifyHook
        self.state = state
        self.mode = mode
    }

    var name: String {
        switch operation {
        case .imagine: return "imagine"
        case .action: return "action"
        case .blend: return "blend"
        case .describe: return "describe"
        case .modal: return "modal"
        case .shorten: return "shorten"
        case .swapFace: return "swapFace"
        }
    }

    var path: String {
        switch operation {
        case .swapFace: return "/insight-face/swap"
        default: return "/submit/\(name)"
        }
    }

    var body: JSONValue {
        var members: [(String, JSONValue?)]
        switch operation {
        case .imagine(let prompt, let images):
            members = [("prompt", .string(prompt)), ("base64Array", images.isEmpty ? nil : .array(images.map { .string($0) }))]
        case .action(let taskID, let customID):
            members = [("taskId", .string(taskID)), ("customId", .string(customID))]
        case .blend(let images, let dimensions):
            members = [("base64Array", .array(images.map { .string($0) })), ("dimensions", dimensions.json)]
        case .describe(let image):
            members = image.hasPrefix("data:") ? [("base64", .string(image))] : [("link", .string(image))]
        case .modal(let taskID, let prompt, let mask):
            members = [("taskId", .string(taskID)), ("prompt", prompt.json), ("maskBase64", mask.json)]
        case .shorten(let prompt):
            members = [("prompt", .string(prompt))]
        case .swapFace(let source, let target):
            members = [("sourceBase64", .string(source)), ("targetBase64", .string(target))]
        }
        switch operation {
        case .imagine, .blend, .shorten: members.append(("botType", botType.json))
        default: break
        }
        members += [("notifyHook", notifyHook.json), ("state", state.json)]
        return .compact(members)
    }

    var kind: OutputKind {
        switch operation {
        case .describe, .shorten: return .text
        default: return .image
        }
    }
}

/// midjourney-proxy behind a relay (§4): submit, fetch, list-by-condition, image seed, cancel.
struct MidjourneyFamily: Sendable {
    let connection: RelayConnection

    func submit(_ request: MidjourneyRequest, id: String) async throws -> RelayTask {
        let mode = request.mode ?? connection.provider.options.midjourneyMode
        let prefix = mode.map { "/\($0.trimmingCharacters(in: CharacterSet(charactersIn: "/")))/mj" } ?? "/mj"
        let json = try await connection.post(prefix + request.path, request.body)
        var task = try Self.decodeSubmit(json, operation: request.name, kind: request.kind)
        task.id = id
        task.rawResponse = connection.snapshot(json)
        return task
    }

    /// Reads `{"code":1,"description":"提交成功","result":"<id>","properties":{…}}` (§4.3–4.4).
    static func decodeSubmit(_ json: JSONValue, operation: String, kind: OutputKind) throws -> RelayTask {
        let code = json["code"].int ?? -1
        let description = json["description"].string ?? ""
        switch code {
        case 1, 21, 22:
            guard let id = json["result"].string else {
                throw RelayError(.invalidResponse, "the Midjourney submit was accepted without a task id")
            }
            var status: TaskStatus = .submitted
            let properties = json["properties"]
            let lower = description.lowercased()
            if code == 21 {
                if properties["status"].string == "SUCCESS" {
                    status = .succeeded
                } else if lower.contains("confirm") || lower.contains("window") || properties["remix"].bool == true
                    || properties["status"].string == "MODAL"
                {
                    status = .needsInput
                }
            }
            var task = RelayTask(id: "", providerTaskID: id, family: .midjourney, operation: operation, kind: kind, status: status)
            if status == .succeeded, let url = properties["imageUrl"].string {
                task.outputs = [TaskOutput(kind: .image, url: url)]
                task.progress = 100
            }
            if status == .needsInput, let prompt = properties["finalPrompt"].string {
                task.outputs = [TaskOutput(kind: .text, text: prompt, title: "finalPrompt")]
            }
            return task
        default:
            throw ErrorMapping.midjourney(code: code, description: description.isEmpty ? "Midjourney code \(code)" : description,
                                          status: 200)
        }
    }

    func fetch(_ task: RelayTask) async throws -> RelayTask {
        guard let id = task.providerTaskID else { throw RelayError(.invalidRequest, "the task has no provider id", field: "providerTaskID") }
        let http = connection.request("GET", "/mj/task/\(Self.escape(id))/fetch")
        let response = try await connection.transport.send(http)
        // A bare proxy answers an unknown id with 200 and an empty body (or `null`).
        let trimmed = response.body.filter { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }
        if (200..<300).contains(response.status), trimmed.isEmpty || trimmed == Data("null".utf8) {
            throw RelayError(.notFound, "Midjourney task \(id) not found", httpStatus: response.status)
        }
        let json = try connection.decode(response, for: http)
        var update = Self.decodeTask(json)
        update.rawResponse = connection.snapshot(json)
        return task.merged(with: update)
    }

    /// `POST /mj/task/list-by-condition {"ids":[…]}` → an array of tasks. Tasks the provider
    /// does not return are left out of the result.
    func fetchMany(_ tasks: [RelayTask]) async throws -> [RelayTask] {
        let ids = tasks.compactMap(\.providerTaskID)
        guard !ids.isEmpty else { return [] }
        let json = try await connection.post("/mj/task/list-by-condition", ["ids": .array(ids.map { .string($0) })])
        guard json.isArray else { throw connection.unexpected("list-by-condition is not an array", json) }
        var byID: [String: JSONValue] = [:]
        for item in json.array { if let id = item["id"].string { byID[id] = item } }
        return tasks.compactMap { task in
            guard let id = task.providerTaskID, let item = byID[id] else { return nil }
            var update = Self.decodeTask(item)
            update.rawResponse = connection.snapshot(item)
            return task.merged(with: update)
        }
    }

    /// `GET /mj/task/{id}/image-seed` → the seed.
    func imageSeed(_ task: RelayTask) async throws -> String {
        guard let id = task.providerTaskID else { throw RelayError(.invalidRequest, "the task has no provider id", field: "providerTaskID") }
        let json = try await connection.get("/mj/task/\(Self.escape(id))/image-seed")
        guard json["code"].int == 1, let seed = json["result"].string else {
            throw ErrorMapping.midjourney(code: json["code"].int ?? 0, description: json["description"].string ?? "no seed",
                                          status: 200)
        }
        return seed
    }

    /// `POST /mj/task/{id}/cancel` (bare proxies; relays may not offer it).
    func cancel(_ task: RelayTask) async throws -> RelayTask {
        guard let id = task.providerTaskID else { throw RelayError(.invalidRequest, "the task has no provider id", field: "providerTaskID") }
        let json = try await connection.post("/mj/task/\(Self.escape(id))/cancel", [:])
        if let code = json["code"].int, code != 1 {
            throw ErrorMapping.midjourney(code: code, description: json["description"].string ?? "", status: 200)
        }
        var next = task
        next.status = .cancelled
        next.updatedAt = Date()
        next.rawResponse = connection.snapshot(json)
        return next
    }

    static func escape(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? id
    }

    /// Reads a task object (fetch, list item or notifyHook body, §4.5).
    static func decodeTask(_ json: JSONValue) -> RelayTask {
        let action = (json["action"].string ?? "").uppercased()
        let statusText = json["status"].string ?? ""
        let status: TaskStatus
        switch statusText.uppercased() {
        case "", "NOT_START", "SUBMITTED": status = .queued
        case "IN_PROGRESS": status = .running
        case "MODAL": status = .needsInput
        case "SUCCESS": status = .succeeded
        case "FAILURE": status = .failed
        case "CANCEL", "CANCELLED": status = .cancelled
        default: status = .running
        }
        let kind: OutputKind = {
            switch action {
            case "DESCRIBE", "SHORTEN": return .text
            case "VIDEO", "VIDEO_EXTEND": return .video
            default: return json["videoUrl"].isPresent ? .video : .image
            }
        }()
        var task = RelayTask(id: "", providerTaskID: json["id"].string, family: .midjourney, operation: action.lowercased(),
                             kind: kind, status: status, progress: Lenient.progress(json["progress"]) ?? 0)
        if status == .succeeded {
            task.progress = 100
            task.outputs = outputs(json, action: action)
            task.actions = json["buttons"].array.compactMap(action(from:))
        }
        if status == .needsInput, let prompt = json["properties"]["finalPrompt"].string {
            task.outputs = [TaskOutput(kind: .text, text: prompt, title: "finalPrompt")]
        }
        if status == .failed {
            task.failure = NewAPITask.failure(json["failReason"].string ?? json["description"].string)
        }
        let finished = Lenient.date(json["finishTime"])
        if let updated = finished ?? Lenient.date(json["startTime"]) ?? Lenient.date(json["submitTime"]) {
            task.updatedAt = updated
        }
        task.finishedAt = status.isTerminal ? finished : nil
        return task
    }

    static func outputs(_ json: JSONValue, action: String) -> [TaskOutput] {
        var outputs: [TaskOutput] = []
        if action == "DESCRIBE" || action == "SHORTEN" {
            if let prompts = json["properties"]["finalPrompt"].string ?? json["promptEn"].string {
                outputs.append(TaskOutput(kind: .text, text: prompts, title: action == "DESCRIBE" ? "prompts" : "shortened"))
            }
            return outputs
        }
        var seen: [String] = []
        let width = json["imageWidth"].int, height = json["imageHeight"].int
        func add(_ kind: OutputKind, _ url: String?) {
            guard let url, !seen.contains(url) else { return }
            seen.append(url)
            outputs.append(TaskOutput(kind: kind, url: url, width: width, height: height))
        }
        add(.video, json["videoUrl"].string)
        for item in json["videoUrls"].array { add(.video, item["url"].string ?? item.string) }
        add(.image, json["imageUrl"].string)
        for item in json["imageUrls"].array { add(.image, item["url"].string ?? item.string) }
        return outputs
    }

    /// The lower-cased verb of a customId: `MJ::JOB::upsample::1::…` → `upsample`,
    /// `MJ::Inpaint::1::…` → `inpaint` (new-api: `splits[1]=="JOB" ? splits[2] : splits[1]`).
    static func verb(ofCustomID id: String) -> String {
        var id = id
        return id.withUTF8 { bytes in
            /// Where the `::`-separated segment starting at `start` ends.
            func segmentEnd(from start: Int) -> Int {
                var i = start
                while i + 1 < bytes.count {
                    if bytes[i] == UInt8(ascii: ":") && bytes[i + 1] == UInt8(ascii: ":") { return i }
                    i += 1
                }
                return bytes.count
            }
            func lowered(_ range: Range<Int>) -> String {
                String(unsafeUninitializedCapacity: range.count) { buffer in
                    for k in range {
                        let b = bytes[k]
                        buffer[k - range.lowerBound] = b >= 0x41 && b <= 0x5A ? b + 32 : b
                    }
                    return range.count
                }
            }
            let firstEnd = segmentEnd(from: 0)
            guard firstEnd < bytes.count else { return lowered(0..<firstEnd) }
            let second = (firstEnd + 2)..<segmentEnd(from: firstEnd + 2)
            let isJob = second.count == 3 && bytes[second.lowerBound] | 0x20 == UInt8(ascii: "j")
                && bytes[second.lowerBound + 1] | 0x20 == UInt8(ascii: "o") && bytes[second.lowerBound + 2] | 0x20 == UInt8(ascii: "b")
            guard isJob, second.upperBound < bytes.count else { return lowered(second) }
            return lowered((second.upperBound + 2)..<segmentEnd(from: second.upperBound + 2))
        }
    }

    /// A button `{customId, emoji, label}` as a next action (§4.7).
    static func action(from button: JSONValue) -> TaskAction? {
        guard let id = button["customId"].string else { return nil }
        let lower = verb(ofCustomID: id)
        let kind: String
        var needsInput = false
        if TextScan.contains(lower, "upsample") {
            kind = "upscale"
        } else if TextScan.contains(lower, "variation") {
            kind = "variation"
        } else if lower == "reroll" {
            kind = "reroll"
        } else if lower == "inpaint" {
            kind = "inpaint"
            needsInput = true
        } else if lower == "customzoom" {
            kind = "customZoom"
            needsInput = true
        } else if lower == "outpaint" {
            kind = "zoom"
        } else if lower.hasPrefix("pan") {
            kind = "pan"
        } else if lower.hasPrefix("animate") {
            kind = "video"
        } else if lower == "picreader" {
            kind = "describePrompt"
        } else if lower == "picread" {
            kind = "describeRetry"
        } else if lower == "promptanalyzer" {
            kind = "shortenPrompt"
        } else if lower == "bookmark" {
            kind = "bookmark"
        } else {
            kind = lower
        }
        let emoji = button["emoji"].string
        let label = button["label"].string ?? emoji ?? kind
        return TaskAction(id: id, label: label, emoji: emoji, kind: kind, needsInput: needsInput)
    }
}
