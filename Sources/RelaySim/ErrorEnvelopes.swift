import Foundation
import Hummingbird

/// Renders a ``SimFailure`` in a route family's error shape (PROTOCOLS §1.3, §8.3).
enum ErrorEnvelopes {
    static func response(_ failure: SimFailure, family: ErrorFamily, requestID: String, prompt: String = "") -> Response {
        // Token and routing errors come from the relay itself, whatever the family.
        switch (failure.kind, family) {
        case (.unauthorized, .dashboard):
            return Reply.json(["success": false, "message": "无权进行此操作，access token 无效"], status: .unauthorized)
        case (.unauthorized, .imgOpen):
            return imgOpen(.unauthorized, "accessKeyId or accessKeySecret invalid")
        case (.unauthorized, _):
            return openAI(.unauthorized, "Invalid token", type: "new_api_error", code: "", requestID: requestID)
        case (.modelNotFound(let model), _):
            return openAI(
                .serviceUnavailable,
                "No available channel for model \(model) under group default (distributor)",
                type: "new_api_error", code: "model_not_found", requestID: requestID)
        default:
            break
        }
        switch family {
        case .openAI, .dashboard: return openAIFamily(failure.kind, requestID: requestID)
        case .midjourney: return midjourney(failure.kind, prompt: prompt)
        case .task: return task(failure.kind)
        case .kling: return kling(failure.kind, requestID: requestID)
        case .jimeng: return jimeng(failure.kind, requestID: requestID)
        case .imgOpen: return imgOpenFamily(failure.kind)
        case .mx: return mx(failure.kind)
        }
    }

    static let rateLimitMessage = "当前分组上游负载已饱和，请稍后再试"
    static let rejectionMessage = "Your request was rejected as a result of our safety system. (sim:reject)"

    static func quotaMessage(_ remaining: Double) -> String {
        String(format: "用户额度不足, 剩余额度: $%.6f", max(0, remaining))
    }

    private static var retryAfter: HTTPFields { [.retryAfter: "1"] }

    static func openAI(
        _ status: HTTPResponse.Status, _ message: String, type: String, code: String, requestID: String,
        headers: HTTPFields = [:]
    ) -> Response {
        let body: JSONValue = [
            "error": [
                "message": .string("\(message) (request id: \(requestID))"), "type": .string(type), "param": "",
                "code": .string(code),
            ]
        ]
        return Reply.json(body, status: status, headers: headers)
    }

    private static func openAIFamily(_ kind: SimFailure.Kind, requestID: String) -> Response {
        switch kind {
        case .quota(let remaining):
            return openAI(.forbidden, quotaMessage(remaining), type: "new_api_error", code: "insufficient_user_quota", requestID: requestID)
        case .rateLimited:
            return openAI(.tooManyRequests, rateLimitMessage, type: "new_api_error", code: "rate_limit_exceeded", requestID: requestID, headers: retryAfter)
        case .upstream(let message):
            return openAI(.internalServerError, message, type: "upstream_error", code: "do_request_failed", requestID: requestID)
        case .rejected:
            return openAI(.badRequest, rejectionMessage, type: "openai_error", code: "content_policy_violation", requestID: requestID)
        case .notFound:
            return openAI(.notFound, "task_not_exist", type: "invalid_request_error", code: "task_not_exist", requestID: requestID)
        case .invalid(let code, let message):
            return openAI(.badRequest, message, type: "invalid_request_error", code: code, requestID: requestID)
        case .unauthorized, .modelNotFound:
            return openAI(.unauthorized, "Invalid token", type: "new_api_error", code: "", requestID: requestID)
        }
    }

    private static func midjourney(_ kind: SimFailure.Kind, prompt: String) -> Response {
        func relay(_ status: HTTPResponse.Status, _ description: String, code: Int, headers: HTTPFields = [:]) -> Response {
            Reply.json(["description": .string(description), "type": "upstream_error", "code": .int(code)], status: status, headers: headers)
        }
        switch kind {
        case .quota: return relay(.badRequest, "quota_not_enough ", code: 4)
        case .rateLimited: return relay(.tooManyRequests, rateLimitMessage, code: 30, headers: retryAfter)
        case .upstream(let message): return relay(.internalServerError, "do_request_failed \(message)", code: 5)
        case .notFound: return relay(.badRequest, "task_no_found ", code: 4)
        case .invalid(let code, _): return relay(.badRequest, "\(code) ", code: 4)
        case .rejected:
            return Reply.json([
                "code": 24, "description": "可能包含敏感词", "result": nil,
                "properties": ["promptEn": .string(prompt), "bannedWord": "sim:reject"],
            ])
        case .unauthorized, .modelNotFound:
            return relay(.unauthorized, "unauthorized ", code: 4)
        }
    }

    private static func task(_ kind: SimFailure.Kind) -> Response {
        func envelope(_ status: HTTPResponse.Status, _ code: String, _ message: String, headers: HTTPFields = [:]) -> Response {
            Reply.json(["code": .string(code), "message": .string(message), "data": nil], status: status, headers: headers)
        }
        switch kind {
        case .quota(let remaining): return envelope(.forbidden, "insufficient_user_quota", quotaMessage(remaining))
        case .rateLimited: return envelope(.tooManyRequests, "rate_limit_exceeded", rateLimitMessage, headers: retryAfter)
        case .upstream(let message): return envelope(.internalServerError, "do_request_failed", message)
        case .rejected: return envelope(.badRequest, "sensitive_words_detected", rejectionMessage)
        case .notFound: return envelope(.badRequest, "task_not_exist", "task_not_exist")
        case .invalid(let code, let message): return envelope(.badRequest, code, message)
        case .unauthorized, .modelNotFound: return envelope(.unauthorized, "unauthorized", "Invalid token")
        }
    }

    private static func kling(_ kind: SimFailure.Kind, requestID: String) -> Response {
        func envelope(_ status: HTTPResponse.Status, _ code: Int, _ message: String, headers: HTTPFields = [:]) -> Response {
            Reply.json(["code": .int(code), "message": .string(message), "request_id": .string(requestID)], status: status, headers: headers)
        }
        switch kind {
        case .quota: return envelope(.tooManyRequests, 1102, "Account resource pack depleted or expired")
        case .rateLimited: return envelope(.tooManyRequests, 1302, "API request rate limit exceeded", headers: retryAfter)
        case .upstream(let message): return envelope(.internalServerError, 5000, "Server internal error: \(message)")
        case .rejected: return envelope(.badRequest, 1301, "Content security policy triggered (sim:reject)")
        case .notFound: return envelope(.notFound, 1203, "Requested resource not found: task")
        case .invalid(_, let message): return envelope(.badRequest, 1201, message)
        case .unauthorized, .modelNotFound: return envelope(.unauthorized, 1000, "Authentication failed")
        }
    }

    private static func jimeng(_ kind: SimFailure.Kind, requestID: String) -> Response {
        func envelope(_ status: HTTPResponse.Status, _ code: Int, _ message: String, headers: HTTPFields = [:]) -> Response {
            Reply.json([
                "code": .int(code), "message": .string(message), "request_id": .string(requestID), "status": .int(code),
                "time_elapsed": "0.001s", "data": nil,
            ], status: status, headers: headers)
        }
        switch kind {
        case .quota: return envelope(.forbidden, 50403, "Insufficient balance")
        case .rateLimited: return envelope(.tooManyRequests, 50429, "API Concurrent Limit", headers: retryAfter)
        case .upstream(let message): return envelope(.internalServerError, 50500, "Internal Error: \(message)")
        case .rejected: return envelope(.badRequest, 50411, "Pre Img Risk Not Pass")
        case .notFound: return envelope(.notFound, 50404, "Not Found")
        case .invalid(_, let message): return envelope(.badRequest, 50400, message)
        case .unauthorized, .modelNotFound: return envelope(.unauthorized, 50401, "Invalid token")
        }
    }

    private static func imgOpen(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) -> Response {
        Reply.json(["code": .string(String(status.code)), "msg": .string(message), "data": nil], status: status, headers: headers)
    }

    private static func imgOpenFamily(_ kind: SimFailure.Kind) -> Response {
        switch kind {
        case .quota: return imgOpen(.init(code: 402), "余额不足")
        case .rateLimited: return imgOpen(.tooManyRequests, "请求过于频繁", headers: retryAfter)
        case .upstream(let message): return imgOpen(.internalServerError, "绘图服务异常: \(message)")
        case .rejected: return imgOpen(.badRequest, "提示词包含敏感内容")
        case .notFound: return imgOpen(.notFound, "任务不存在")
        case .invalid(_, let message): return imgOpen(.badRequest, message)
        case .unauthorized, .modelNotFound: return imgOpen(.unauthorized, "accessKeyId or accessKeySecret invalid")
        }
    }

    private static func mx(_ kind: SimFailure.Kind) -> Response {
        func envelope(_ status: HTTPResponse.Status, _ code: Int, _ message: String, headers: HTTPFields = [:]) -> Response {
            Reply.json(["code": .int(code), "msg": .string(message), "data": nil], status: status, headers: headers)
        }
        switch kind {
        case .quota: return envelope(.forbidden, 4003, "点数不足")
        case .rateLimited: return envelope(.tooManyRequests, 4029, "请求过于频繁", headers: retryAfter)
        case .upstream(let message): return envelope(.internalServerError, 5000, "生成失败: \(message)")
        case .rejected: return envelope(.badRequest, 4011, "内容审核未通过")
        case .notFound: return envelope(.notFound, 4004, "图片不存在")
        case .invalid(_, let message): return envelope(.badRequest, 4000, message)
        case .unauthorized, .modelNotFound: return envelope(.unauthorized, 4001, "未授权")
        }
    }
}
