/// The view of `error.mustache`: an error status explained in the reader's language.
struct ErrorPage {
    let status: Int
    /// The status's name, also the page's title.
    let title: String
    let message: String
    /// A server error's log reference, or what the request got wrong (a field, a method).
    let detail: String?
    let isServerError: Bool
}
