/// Why a provider output was not kept.
///
/// Every case names the URL as scheme, host and path only: query strings (which may carry signed
/// tokens) never appear in messages or logs.
public enum MediaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not an absolute http or https URL with a host.
    case invalidURL(String)
    /// The host resolves to an address Atelier does not download from (loopback, private,
    /// link-local, …) and is not one of the configured providers' hosts.
    case forbiddenAddress(url: String, address: String, range: String)
    /// The host name does not exist.
    case hostNotFound(host: String)
    /// More redirects than ``MediaPolicy/maxRedirects``.
    case tooManyRedirects(url: String, limit: Int)
    /// A redirect whose `Location` is missing or not http(s).
    case badRedirect(url: String, status: Int)
    /// The server answered with a status other than 2xx.
    case httpStatus(url: String, status: Int)
    /// The file is larger than the policy's cap for its kind; `declared` is the Content-Length
    /// when the server announced one.
    case tooLarge(url: String?, kind: MediaKind, limit: Int64, declared: Int64?)
    /// The bytes are not a file of the expected kind (`found` says what they look like).
    case unexpectedType(url: String?, expected: MediaKind, found: String)
    /// The connection failed or broke.
    case network(url: String, reason: String)
    /// No complete answer within the policy's time limits.
    case timedOut(url: String)
    /// The media folder could not be written.
    case storage(reason: String)
    /// The `HTTPClient` given to ``MediaKeeper`` followed a redirect on its own, so the hop could
    /// not be checked; make it with ``MediaKeeper/httpClientConfiguration``.
    case clientFollowsRedirects(url: String)

    /// Whether trying the same download again later may succeed.
    public var isRetryable: Bool {
        switch self {
        case .network, .timedOut:
            true
        case .httpStatus(_, let status):
            status >= 500 || status == 429 || status == 408
        case .invalidURL, .forbiddenAddress, .hostNotFound, .tooManyRedirects, .badRedirect, .tooLarge,
            .unexpectedType, .storage, .clientFollowsRedirects:
            false
        }
    }

    /// A sentence for the person who asked for the output.
    public var message: String {
        switch self {
        case .invalidURL(let url):
            "\(url) is not an http or https URL"
        case .forbiddenAddress(let url, let address, let range):
            "refused to download \(url): its host resolves to \(address), a \(range) address"
        case .hostNotFound(let host):
            "the host \(host) does not exist"
        case .tooManyRedirects(let url, let limit):
            "\(url) redirects more than \(limit) times"
        case .badRedirect(let url, let status):
            "\(url) answered a redirect (\(status)) to no usable http(s) location"
        case .httpStatus(let url, let status):
            "\(url) answered HTTP \(status)"
        case .tooLarge(let url, let kind, let limit, let declared):
            "the \(kind.rawValue)\(url.map { " at \($0)" } ?? "") is larger than the \(Self.size(limit)) limit"
                + (declared.map { " (it declares \(Self.size($0)))" } ?? "")
        case .unexpectedType(let url, let expected, let found):
            "\(url ?? "the data") is \(found), not \(expected == .image ? "an" : "a") \(expected.rawValue) file"
        case .network(let url, let reason):
            "could not download \(url): \(reason)"
        case .timedOut(let url):
            "\(url) did not deliver the file in time"
        case .storage(let reason):
            "could not write to the media folder: \(reason)"
        case .clientFollowsRedirects(let url):
            "\(url) was redirected by the HTTP client itself, so the redirect target was not checked; "
                + "give the media keeper a client made with MediaKeeper.httpClientConfiguration"
        }
    }

    public var description: String { message }

    /// `bytes` in the largest binary unit that keeps it short (`50 MiB`, `2.0 GiB`, `512 bytes`).
    static func size(_ bytes: Int64) -> String {
        let units: [(Int64, String)] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (unit, name) in units where bytes >= unit {
            return bytes % unit == 0 ? "\(bytes / unit) \(name)" : "\((Double(bytes) / Double(unit) * 10).rounded() / 10) \(name)"
        }
        return "\(bytes) bytes"
    }
}
