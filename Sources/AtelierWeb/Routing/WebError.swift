/// An error a handler throws to answer with an error page instead of its normal page.
/// The message keys are translation keys, so the page speaks the reader's language.
public enum WebError: Error, Sendable, Equatable {
    case notFound
    /// A 400 with a translated message (`messageKey`) naming what was wrong (`detail`, shown escaped).
    case badRequest(messageKey: String, detail: String?)
    case forbidden
    /// The page needs a signed-in member: GETs go to the sign-in page and come back.
    case signInRequired
    /// A state-changing request without the right CSRF token: 403, nothing changed.
    case csrfRejected
    /// Too many long requests run at once (see `LongRequestGate`): 429 with the message
    /// `messageKey`, nothing started.
    case busy(messageKey: String)
}
