import Foundation

/// Maps every family's error shapes (PROTOCOLS §1.3) onto `RelayError`.
///
/// Order (§8.1): HTTP status, then an `error` key, then the MJ `code`/`description`, then the
/// task envelope `code`/`message`, then the Kling `code`/`message`, then plain `message`.
enum ErrorMapping {
    /// The error an answer carries, or nil when it is a success as far as the envelope goes.
    /// Family-specific success codes on 2xx bodies (MJ `code`, Kling `code`, …) are checked by the
    /// families themselves; here a 2xx only fails on an `error` member.
    static func error(in response: HTTPResponse, json: JSONValue?, secrets: [String]) -> RelayError? {
        let status = response.status
        let retryAfter = retryAfterSeconds(response.headers)
        let requestID = response.header("X-Oneapi-Request-Id") ?? response.header("X-Request-Id")

        if let json {
            let errorMember = json["error"]
            if errorMember.isObject || (errorMember.string != nil && !(200..<300).contains(status)) {
                var e = openAIEnvelope(errorMember, status: status)
                e.retryAfter = e.retryAfter ?? retryAfter
                e.requestID = e.requestID ?? requestID
                e.message = Redactor.scrub(e.message, secrets: secrets)
                return e
            }
        }
        guard !(200..<300).contains(status) else { return nil }

        var e: RelayError
        if let json, json.isObject {
            e = envelope(json, status: status)
        } else {
            e = nonJSON(response, secrets: secrets)
        }
        e.retryAfter = e.retryAfter ?? retryAfter ?? (e.category == .rateLimited ? 1 : nil)
        e.requestID = e.requestID ?? requestID
        e.message = Redactor.scrub(e.message, secrets: secrets)
        return e
    }

    /// A non-2xx JSON body in one of the known shapes.
    static func envelope(_ json: JSONValue, status: Int) -> RelayError {
        let code = json["code"]
        if let description = json["description"].string {
            // MJ relay error: {"description":"quota_not_enough ","type":"upstream_error","code":4}
            return midjourney(code: code.int ?? 0, description: description, status: status)
        }
        let message = json.first("message", "msg", "detail").string ?? ""
        if case .string(let codeText) = code, !codeText.isEmpty {
            return taskEnvelope(code: codeText, message: message, status: status)
        }
        if let number = code.int, number != 0 {
            return numericCode(number, message: message, status: status)
        }
        let text = message.isEmpty ? "HTTP \(status)" : message
        return RelayError(classify(text) ?? category(forStatus: status), text, httpStatus: status,
                          field: fieldName(in: text))
    }

    /// The OpenAI envelope `{"error":{"message","type","param","code"}}` (or a bare string).
    static func openAIEnvelope(_ error: JSONValue, status: Int) -> RelayError {
        let message = error.string ?? error["message"].string ?? "error"
        let code = error["code"].string
        let type = error["type"].string
        let param = error["param"].string
        let (text, requestID) = splitRequestID(message)
        var cat = code.flatMap(categoryForCode) ?? classify(text) ?? category(forStatus: status)
        if status == 429, cat != .insufficientBalance { cat = .rateLimited }
        if (200..<300).contains(status), cat == .invalidRequest, code == nil,
           type == "upstream_error" || type == "new_api_error" || type == "one_api_error"
        {
            cat = .upstreamFailure
        }
        return RelayError(cat, text, httpStatus: status, providerCode: code ?? type,
                          field: param ?? fieldName(in: code ?? "") ?? fieldName(in: text), requestID: requestID)
    }

    /// Midjourney return codes (§4.4).
    static func midjourney(code: Int, description: String, status: Int) -> RelayError {
        let text = description.trimmingCharacters(in: .whitespaces)
        let cat: RelayErrorCategory
        switch code {
        case 3: cat = classify(text) ?? .notFound
        case 24: cat = .contentRejected
        case 9: cat = .upstreamFailure
        case 23, 30: cat = .rateLimited
        case 5: cat = .upstreamFailure
        case 4: cat = classify(text) ?? (status == 429 ? .rateLimited : .invalidRequest)
        default: cat = classify(text) ?? category(forStatus: status)
        }
        return RelayError(cat, text.isEmpty ? "Midjourney code \(code)" : text, httpStatus: status,
                          providerCode: String(code), field: cat == .invalidRequest ? fieldName(in: text) : nil)
    }

    /// The task envelope `{"code":"task_not_exist","message":…}` (§1.3-3).
    static func taskEnvelope(code: String, message: String, status: Int) -> RelayError {
        let text = message.isEmpty ? code : message
        var cat = categoryForCode(code) ?? classify(text) ?? category(forStatus: status)
        if status == 429 { cat = .rateLimited }
        return RelayError(cat, text, httpStatus: status, providerCode: code,
                          field: cat == .invalidRequest ? (fieldName(in: code) ?? fieldName(in: text)) : nil)
    }

    /// An integer `code` with a `message`: Kling codes (§6.5) and Volcengine/Jimeng codes have
    /// their own tables; other providers' codes (MX, …) are read from the words and the status.
    static func numericCode(_ code: Int, message: String, status: Int) -> RelayError {
        switch code {
        case 1000...1399, 5000...5002: return kling(code: code, message: message, status: status)
        case 50000...50999: return JimengFamily.error(code: code, message: message, httpStatus: status)
        default:
            let text = message.isEmpty ? "code \(code)" : message
            var cat = classify(text) ?? category(forStatus: status)
            if status == 429 { cat = .rateLimited }
            return RelayError(cat, text, httpStatus: status, providerCode: String(code),
                              field: cat == .invalidRequest ? fieldName(in: text) : nil)
        }
    }

    /// Kling native codes (§6.5).
    static func kling(code: Int, message: String, status: Int) -> RelayError {
        let cat: RelayErrorCategory
        switch code {
        case 1000...1004: cat = .unauthorized
        case 1100: cat = .unauthorized
        case 1101, 1102: cat = .insufficientBalance
        case 1103: cat = .unauthorized
        case 1200, 1201: cat = .invalidRequest
        case 1202, 1203: cat = .notFound
        case 1300, 1301: cat = .contentRejected
        case 1302...1304: cat = .rateLimited
        case 5000...5999: cat = .upstreamFailure
        default: cat = classify(message) ?? category(forStatus: status)
        }
        let text = message.isEmpty ? "Kling code \(code)" : message
        return RelayError(cat, text, httpStatus: status, providerCode: String(code),
                          field: cat == .invalidRequest ? fieldName(in: text) : nil)
    }

    /// A body that is not JSON: an HTML error page, plain text, or nothing.
    static func nonJSON(_ response: HTTPResponse, secrets: [String]) -> RelayError {
        let status = response.status
        let body = response.body
        let base = category(forStatus: status)
        if body.isEmpty {
            return RelayError(base, "HTTP \(status) with an empty body", httpStatus: status)
        }
        if looksLikeHTML(body, contentType: response.header("Content-Type")) {
            let title = htmlTitle(body).map { ": \($0)" } ?? ""
            return RelayError(status == 401 || status == 403 ? base : (base == .invalidRequest ? base : .upstreamFailure),
                              "the provider answered with an HTML page (HTTP \(status))\(title)", httpStatus: status)
        }
        let text = Redactor.excerpt(body, secrets: secrets)
        return RelayError(classify(text) ?? base, text, httpStatus: status)
    }

    // MARK: - Helpers

    static func category(forStatus status: Int) -> RelayErrorCategory {
        switch status {
        case 401, 403: return .unauthorized
        case 402: return .insufficientBalance
        case 404, 410: return .notFound
        case 408: return .timeout
        case 429: return .rateLimited
        case 400, 405, 409, 413, 415, 422: return .invalidRequest
        case 500...599: return .upstreamFailure
        default: return .upstreamFailure
        }
    }

    /// Categories for well-known provider codes.
    static func categoryForCode(_ code: String) -> RelayErrorCategory? {
        switch code.lowercased() {
        case "insufficient_user_quota", "insufficient_quota", "quota_not_enough", "pre_consume_token_quota_failed":
            return .insufficientBalance
        case "invalid_api_key", "token.invalid", "access_denied", "unauthorized", "invalid_token":
            return .unauthorized
        case "model_not_found", "task_not_exist", "task_no_found", "not_found":
            return .notFound
        case "rate_limit_exceeded", "rate_limit":
            return .rateLimited
        case "content_policy_violation", "content_filter", "sensitive_words_detected", "content_rejected":
            return .contentRejected
        case "invalid_request", "invalid_request_error", "invalid_seconds", "prompt_empty", "invalid_action":
            return .invalidRequest
        default:
            return nil
        }
    }

    /// A category read from the words of a message, when they are unambiguous.
    static func classify(_ text: String) -> RelayErrorCategory? {
        let t = text.lowercased()
        func has(_ words: String...) -> Bool { words.contains { t.contains($0) } }
        if has("quota", "余额", "额度", "点数不足", "insufficient", "balance", "arrears", "credit") { return .insufficientBalance }
        if has("敏感", "sensitive", "banned", "safety", "moderation", "content policy", "content_policy",
               "rejected", "违规", "审核未通过", "risk not pass", "nsfw")
        {
            return .contentRejected
        }
        if has("rate limit", "too many requests", "饱和", "队列已满", "queue is full", "concurrency") { return .rateLimited }
        if has("invalid token", "无效的令牌", "unauthorized", "invalid api key", "未提供令牌", "token expired") {
            return .unauthorized
        }
        if has("not found", "not_exist", "no_found", "不存在", "不存在或已失效", "model_not_found") { return .notFound }
        return nil
    }

    /// Splits new-api's " (request id: …)" suffix off a message.
    static func splitRequestID(_ message: String) -> (String, String?) {
        guard let range = message.range(of: " (request id: "), message.hasSuffix(")") else { return (message, nil) }
        let id = message[range.upperBound..<message.index(before: message.endIndex)]
        return (String(message[..<range.lowerBound]), String(id))
    }

    /// The field named by `prompt_is_required`, "prompt is required", "invalid size", "missing model", ….
    static func fieldName(in text: String) -> String? {
        let lower = text.lowercased()
        let separators = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_.[]")).inverted
        for marker in ["_is_required", " is required", " is missing", " 不能为空", "不能为空", "参数错误"] {
            if let range = lower.range(of: marker) {
                let head = lower[..<range.lowerBound]
                let word = head.components(separatedBy: separators).last(where: { !$0.isEmpty })
                if let word, word.allSatisfy({ $0.isASCII }) { return word }
            }
        }
        for marker in ["invalid_", "invalid ", "missing "] {
            if let range = lower.range(of: marker) {
                let tail = lower[range.upperBound...]
                let word = tail.components(separatedBy: separators).first(where: { !$0.isEmpty })
                if let word, word.allSatisfy({ $0.isASCII }), !["request", "token", "json", "value", "parameter"].contains(word) {
                    return word
                }
            }
        }
        return nil
    }

    /// The wait a `Retry-After` header asks for, in seconds, at most a day (a relay's "1e300"
    /// must not become a sleep that no duration can hold).
    static func retryAfterSeconds(_ headers: [(String, String)]) -> Double? {
        guard let value = headers.first(where: { $0.0.lowercased() == "retry-after" })?.1 else { return nil }
        let seconds: Double?
        if let number = Double(value.trimmingCharacters(in: .whitespaces)) {
            seconds = number.isFinite ? number : nil
        } else {
            seconds = HTTPDate.parse(value).map { $0.timeIntervalSinceNow }
        }
        return seconds.map { min(max(0, $0), Self.longestRetryAfter) }
    }

    /// The longest `Retry-After` honoured: a day.
    static let longestRetryAfter: Double = 86_400

    static func looksLikeHTML(_ body: Data, contentType: String?) -> Bool {
        if contentType?.lowercased().contains("text/html") == true { return true }
        let head = String(decoding: body.prefix(256), as: UTF8.self).lowercased()
        return head.contains("<html") || head.contains("<!doctype") || head.contains("<head") || head.contains("<body")
    }

    static func htmlTitle(_ body: Data) -> String? {
        let text = String(decoding: body.prefix(8192), as: UTF8.self)
        guard let open = text.range(of: "<title>", options: .caseInsensitive),
              let close = text.range(of: "</title>", options: .caseInsensitive, range: open.upperBound..<text.endIndex)
        else { return nil }
        let title = text[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        return title.isEmpty ? nil : String(title.prefix(120))
    }
}
