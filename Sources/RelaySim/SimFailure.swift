/// An error answer, thrown by route handlers and rendered in the route family's envelope
/// by ``ErrorEnvelopes``.
struct SimFailure: Error, Sendable {
    enum Kind: Sendable, Equatable {
        case unauthorized
        case quota(remainingUSD: Double)
        case modelNotFound(String)
        case rateLimited
        case upstream(String)
        case rejected
        case notFound
        case invalid(code: String, message: String)
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    static func invalid(_ code: String, _ message: String? = nil) -> SimFailure {
        SimFailure(.invalid(code: code, message: message ?? code))
    }
}

/// The error-envelope shape a route answers in (PROTOCOLS §1.3).
enum ErrorFamily: Sendable {
    /// `{"error":{"message","type","param","code"}}`: OpenAI routes, Luma, Runway and relay-level errors.
    case openAI
    /// midjourney-proxy behind new-api: `{"description","type","code"}` (MJ code 24 for rejections).
    case midjourney
    /// new-api task routes (Suno, unified video): `{"code":"…","message","data":null}`.
    case task
    /// The Kling native envelope `{"code":<int>,"message","request_id"}`.
    case kling
    /// Volcengine (Jimeng) `{"code":<int>,"message","request_id","status","time_elapsed"}`.
    case jimeng
    /// Img Open `{"code":"<status>","msg","data":null}`.
    case imgOpen
    /// MX drawing `{"code":<int>,"msg","data":null}`.
    case mx
    /// new-api dashboard API `{"success":false,"message"}`.
    case dashboard
}
