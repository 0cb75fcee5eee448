import Foundation

/// A Runway task on the official API under `/runwayml/v1` (PROTOCOLS §7.3).
public struct RunwayRequest: Sendable {
    public enum Operation: String, Sendable, CaseIterable {
        case imageToVideo = "image_to_video"
        case textToVideo = "text_to_video"
    }

    public var operation: Operation
    /// `gen4_turbo` | `gen3a_turbo` | ….
    public var model: String
    public var promptText: String?
    /// First frame (URL or data URI), for image-to-video.
    public var promptImage: String?
    /// Last frame.
    public var lastImage: String?
    /// `1280:720` etc.
    public var ratio: String?
    /// 5 or 10.
    public var duration: Int?
    public var seed: Int?
    public var watermark: Bool?

    public init(_ operation: Operation = .imageToVideo, model: String, promptText: String? = nil, promptImage: String? = nil,
                lastImage: String? = nil, ratio: String? = nil, duration: Int? = nil, seed: Int? = nil,
                watermark: Bool? = nil) {
        self.operation = operation
        self.model = model
        self.promptText = promptText
        self.promptImage = promptImage
        self.lastImage = lastImage
        self.ratio = ratio
        self.duration = duration
        self.seed = seed
        self.watermark = watermark
    }

    var body: JSONValue {
        let image: JSONValue?
        if let last = lastImage, let first = promptImage {
            image = [["uri": .string(first), "position": "first"], ["uri": .string(last), "position": "last"]]
        } else {
            image = promptImage.json
        }
        return .compact([
            ("model", .string(model)), ("promptText", promptText.json), ("promptImage", image), ("ratio", ratio.json),
            ("duration", duration.json), ("seed", seed.json), ("watermark", watermark.json),
        ])
    }
}

/// Runway official: submit, `GET /runwayml/v1/tasks/{id}`, `DELETE` to cancel.
struct RunwayFamily: Sendable {
    let connection: RelayConnection
    static let versionHeader = ("X-Runway-Version", "2024-11-06")

    func submit(_ request: RunwayRequest, id: String) async throws -> RelayTask {
        let http = connection.request("POST", "/runwayml/v1/\(request.operation.rawValue)", json: request.body,
                                      extraHeaders: [Self.versionHeader])
        let json = try await connection.send(http)
        guard let providerID = json["id"].string else { throw connection.unexpected("Runway submit without an id", json) }
        return RelayTask(id: id, providerTaskID: providerID, family: .runway, operation: request.operation.rawValue,
                         kind: .video, status: .submitted, rawResponse: connection.snapshot(json))
    }

    func fetch(_ task: RelayTask) async throws -> RelayTask {
        guard let id = task.providerTaskID else { throw RelayError(.invalidRequest, "the task has no provider id", field: "providerTaskID") }
        let http = connection.request("GET", "/runwayml/v1/tasks/\(MidjourneyFamily.escape(id))", extraHeaders: [Self.versionHeader])
        let json = try await connection.send(http)
        var update = Self.decodeTask(json["task"].isObject ? json["task"] : json)
        update.rawResponse = connection.snapshot(json)
        return task.merged(with: update)
    }

    func cancel(_ task: RelayTask) async throws -> RelayTask {
        guard let id = task.providerTaskID else { throw RelayError(.invalidRequest, "the task has no provider id", field: "providerTaskID") }
        let http = connection.request("DELETE", "/runwayml/v1/tasks/\(MidjourneyFamily.escape(id))", extraHeaders: [Self.versionHeader])
        _ = try await connection.sendRaw(http)
        var next = task
        next.status = .cancelled
        next.updatedAt = Date()
        return next
    }

    /// `{"id","status":"RUNNING","progress":0.42}` → `SUCCEEDED` with `output[]` or `FAILED` with `failure`.
    static func decodeTask(_ json: JSONValue) -> RelayTask {
        let status = VideoStatus.map(json["status"].string ?? "")
        var task = RelayTask(id: "", providerTaskID: json["id"].string, family: .runway, operation: "", kind: .video, status: status,
                             progress: Lenient.progress(json["progress"], fraction: true) ?? 0)
        if status == .succeeded {
            task.progress = 100
            task.outputs = json["output"].array.compactMap { $0.string.map { TaskOutput(kind: .video, url: $0) } }
            task.finishedAt = Date()
        }
        if status == .failed {
            var failure = NewAPITask.failure(json["failure"].string)
            if let code = json["failureCode"].string, code.uppercased().contains("SAFETY") { failure.category = .contentRejected }
            task.failure = failure
        }
        if let created = Lenient.date(json["createdAt"]) { task.createdAt = created }
        return task
    }
}
