import Foundation

/// new-api's `TaskDto` (PROTOCOLS §5.1, §7.4): the `data` of Suno and unified-video fetches,
/// wrapped in `{"code":"success","message":"","data":…}`.
struct TaskDto {
    let task: SimTask
    let platform: String
    let status: String
    let progress: String
    let resultURL: String
    let failReason: String
    let data: JSONValue

    func object(clock: TaskClock, now: Date) -> JSONValue {
        let started = task.runningSince(clock, now: now)?.unixSeconds ?? 0
        let finished = task.finishedAt(clock, now: now)?.unixSeconds ?? 0
        let updated = max(task.createdAt.unixSeconds, started, finished)
        return [
            "id": .int(Int(StableHash.fnv(task.id) % 1_000_000)), "created_at": .int(task.createdAt.unixSeconds),
            "updated_at": .int(updated), "task_id": .string(task.id), "platform": .string(platform), "user_id": 1,
            "group": "default", "channel_id": 1, "quota": .int(BillingRoutes.quota(task.cost)),
            "action": .string(task.action), "status": .string(status), "fail_reason": .string(failReason),
            "result_url": .string(resultURL), "submit_time": .int(task.createdAt.unixSeconds), "start_time": .int(started),
            "finish_time": .int(finished), "progress": .string(progress),
            "properties": ["input": "", "upstream_model_name": .string(task.model), "origin_model_name": .string(task.model)],
            "data": data,
        ]
    }

    /// `{"code":"success","message":"","data":value}`.
    static func success(_ value: JSONValue) -> JSONValue {
        ["code": "success", "message": "", "data": value]
    }
}
