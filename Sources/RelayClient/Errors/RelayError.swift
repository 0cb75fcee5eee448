import Foundation

/// The error taxonomy every family's error shapes map into.
public enum RelayErrorCategory: String, Codable, Sendable, CaseIterable {
    /// The key is missing, wrong, expired or not allowed here (401/403, Kling 1000–1004, 1103).
    case unauthorized
    /// Not enough quota or credits (new-api `insufficient_user_quota`, MJ `quota_not_enough`, Kling 1101/1102).
    case insufficientBalance
    /// Too many requests or a saturated queue; see `retryAfter`.
    case rateLimited
    /// The provider refused the parameters; `field` names the culprit when known.
    case invalidRequest
    /// The prompt or image was refused by a safety filter (MJ 24, Kling 1300/1301).
    case contentRejected
    /// The task, model or route does not exist (for this key).
    case notFound
    /// The provider or its upstream failed (5xx, MJ 9, a task that ended in failure).
    case upstreamFailure
    /// The answer could not be read: not JSON, an HTML page, too large, an unexpected shape.
    case invalidResponse
    /// No connection could be made, or it broke before the request was sent.
    case network
    /// No answer in time, before the request was sent.
    case timeout
    /// The request was sent (or may have been) and the answer was lost: a paid submit may have
    /// landed, so it must never be retried automatically.
    case outcomeUnknown
    /// The caller cancelled the request.
    case cancelled
}

/// An error from a relay call: a category, a message safe to show and log (no secrets), and
/// what a caller needs to decide about retrying.
public struct RelayError: Error, Sendable, Hashable, CustomStringConvertible {
    public var category: RelayErrorCategory
    /// The provider's message (or ours), with secrets removed.
    public var message: String
    /// The HTTP status, when there was a response.
    public var httpStatus: Int?
    /// The provider's own error code (`insufficient_user_quota`, `24`, `1201`, …).
    public var providerCode: String?
    /// The request field the provider complained about, when it says.
    public var field: String?
    /// How long to wait before retrying, for `rateLimited` (from `Retry-After` when sent).
    public var retryAfter: Double?
    /// The provider's request id, for support.
    public var requestID: String?
    /// True when the provider may have acted on the request (so a submit may have been
    /// charged): always for `outcomeUnknown`, and for an unreadable 2xx answer to a POST.
    public var requestMayHaveReachedProvider: Bool

    public init(_ category: RelayErrorCategory, _ message: String, httpStatus: Int? = nil, providerCode: String? = nil,
                field: String? = nil, retryAfter: Double? = nil, requestID: String? = nil) {
        self.category = category
        self.message = Redactor.scrub(message)
        self.httpStatus = httpStatus
        self.providerCode = providerCode
        self.field = field
        self.retryAfter = retryAfter
        self.requestID = requestID
        self.requestMayHaveReachedProvider = category == .outcomeUnknown
    }

    /// True when the same request may succeed later (after `retryAfter` for rate limits).
    /// A caller must still not repeat a paid submit when `requestMayHaveReachedProvider`.
    public var isRetryable: Bool {
        switch category {
        case .rateLimited, .upstreamFailure, .network, .timeout: return true
        case .unauthorized, .insufficientBalance, .invalidRequest, .contentRejected, .notFound, .invalidResponse,
            .outcomeUnknown, .cancelled:
            return false
        }
    }

    public var description: String {
        var parts = ["\(category.rawValue): \(message)"]
        if let httpStatus { parts.append("HTTP \(httpStatus)") }
        if let providerCode { parts.append("code \(providerCode)") }
        if let field { parts.append("field \(field)") }
        if let retryAfter { parts.append("retry after \(JSONValue.format(retryAfter)) s") }
        if let requestID { parts.append("request id \(requestID)") }
        return parts.joined(separator: ", ")
    }

    /// The failure record for a task that ended with this error.
    public var failure: TaskFailure { TaskFailure(category: category, message: message) }
}
