import Foundation

/// new-api's `TaskDto` wrapper (PROTOCOLS §5.1, §7.4): `{"code":"success","data":{task_id, status,
/// progress "NN%", fail_reason, result_url, times in seconds, data: <raw upstream>}}`.
/// Shared by Suno, Kling (new-api mode) and the unified video routes.
struct NewAPITask {
    var taskID: String?
    var action: String?
    var status: TaskStatus
    var progress: Int
    var failReason: String?
    var resultURL: String?
    var finishedAt: Date?
    /// The upstream's own payload (Suno clips, the Kling fetch body, …).
    var upstream: JSONValue

    /// Reads a TaskDto object (the `data` member of the envelope).
    init(dto: JSONValue) {
        taskID = dto.first("task_id", "id").string
        action = dto["action"].string
        status = Self.status(dto["status"].string ?? "")
        let failReason = dto["fail_reason"].string
        progress = Lenient.progress(dto["progress"]) ?? (status == .succeeded ? 100 : 0)
        resultURL = dto["result_url"].string
        // Old relays stored the result URL in fail_reason (GetResultURL falls back to it).
        if status == .succeeded, resultURL == nil, let reason = failReason, reason.hasPrefix("http") {
            resultURL = reason
            self.failReason = nil
        } else {
            self.failReason = failReason
        }
        finishedAt = Lenient.date(dto["finish_time"])
        upstream = dto["data"]
    }

    /// Unwraps `{"code":"success","data":…}`; throws the envelope's error for any other code.
    static func unwrap(_ json: JSONValue) throws -> JSONValue {
        if case .string(let code) = json["code"], code != "success" {
            throw ErrorMapping.taskEnvelope(code: code, message: json["message"].string ?? "", status: 200)
        }
        if json["code"].isPresent || json["data"].isPresent { return json["data"] }
        return json
    }

    /// new-api task states, §8.2 (`UNKNOWN` counts as failed there).
    static func status(_ text: String) -> TaskStatus {
        switch text.uppercased() {
        case "NOT_START", "SUBMITTED", "QUEUED", "": return .queued
        case "IN_PROGRESS": return .running
        case "SUCCESS": return .succeeded
        case "FAILURE", "UNKNOWN": return .failed
        default: return .running
        }
    }

    /// The failure record for a failed task, categorized by the words of its reason.
    static func failure(_ reason: String?) -> TaskFailure {
        let text = reason ?? "the provider reported a failure without a reason"
        return TaskFailure(category: ErrorMapping.classify(text) ?? .upstreamFailure, message: Redactor.scrub(text))
    }
}
