import RelayClient

/// Plain words for why a task failed, by error category (pages translate the category; this
/// text is the English fallback kept with the task).
enum FailureText {
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
}
