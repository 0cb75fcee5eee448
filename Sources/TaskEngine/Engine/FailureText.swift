import RelayClient

/// Plain words for why a task failed, by error category (pages translate the category; this
/// text is the English fallback kept with the task).
public enum FailureText {
    /// Atelier's own refinement of `notFound`, stored in `TaskRecord.failureCategory` beside the
    /// `RelayErrorCategory` raw values: a 404 answering a submit means the provider has no such
    /// route or model, not that it lost a task.
    public static let notOffered = "notOffered"
    /// Atelier's own: the provider could not be used at all (no active key, a secret that does
    /// not open, broken settings), so nothing was sent; the detail says what to fix.
    public static let notConfigured = "notConfigured"

    static func plain(_ category: RelayErrorCategory) -> String {
        switch category {
        case .unauthorized: return "The provider refused the API key."
        case .insufficientBalance: return "The provider account has run out of credit."
        case .rateLimited: return "The provider is busy (rate limited)."
        case .invalidRequest: return "The provider did not accept the request."
        case .contentRejected: return "The provider's content policy rejected the prompt or image."
        case .notFound: return "The provider no longer knows this task."
        case .upstreamFailure: return "The provider failed to generate it."
        case .invalidResponse: return "The provider answered with something Atelier could not read."
        case .network: return "Atelier could not reach the provider."
        case .timeout: return "The task did not finish in time."
        case .outcomeUnknown: return "The provider may have received the task, but its answer was lost."
        case .cancelled: return "The task was cancelled."
        }
    }

    /// The category to store and the plain words for an error that answered a submit.
    static func submitFailure(_ error: RelayError) -> (category: String, message: String) {
        if error.category == .notFound { return (notOffered, "The provider does not offer this route or model.") }
        return (error.category.rawValue, plain(error.category))
    }

    /// True when a stored failure message only repeats, in English, what its category says (so a
    /// page that shows the category's headline need not show it again).
    public static func onlyRepeatsCategory(_ message: String, category: String?) -> Bool {
        guard let category else { return false }
        if category == notOffered { return message == "The provider does not offer this route or model." }
        return RelayErrorCategory(rawValue: category).map { plain($0) == message } ?? false
    }
}
