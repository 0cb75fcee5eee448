import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Keeps provider outputs (images, audio, video) in the media folder before their URLs expire.
///
/// Every download passes three guards:
/// - **address**: only http(s); a host that resolves to a loopback, private, link-local, CGNAT,
///   multicast or otherwise non-public address is refused unless it is a configured provider's
///   host (`allowedHosts`). Redirects are followed here, at most ``MediaPolicy/maxRedirects``,
///   each hop checked again.
/// - **size**: a Content-Length over the kind's cap is refused before reading; the body is
///   streamed to disk and abandoned as soon as it passes the cap.
/// - **type**: the first bytes must be an image, audio or video format of the expected kind;
///   the stored MIME type comes from them, whatever the server's Content-Type said.
///
/// **DNS rebinding.** The address guard resolves the host, then AsyncHTTPClient resolves it again
/// to connect. A host whose DNS answers a public address to the first lookup and a private one to
/// the second (a zero-TTL record flipping between them) gets past the guard. Over https this gains
/// little more than a connection attempt: the TLS handshake fails unless the private server
/// presents a valid certificate for the attacker's name (or the client skips verification).
/// Over plain http the window is real;
/// closing it means connecting to the checked address itself, which AsyncHTTPClient offers only
/// per client (`dnsOverride`), not per request. Where that matters, also firewall the server's
/// outbound traffic to private ranges.
///
/// Files land at `ab/cd/<sha256>.<ext>` under the folder, so identical outputs are stored once.
/// Partial files live in `.partial/` and are deleted on any failure. Logs and errors show URLs
/// as scheme, host and path only.
public struct MediaKeeper: Sendable {
    private let folder: MediaFolder
    private let downloads: DownloadClient
    private let policy: MediaPolicy
    private let logger: Logger

    /// A configuration for the `HTTPClient` given to the keeper: AsyncHTTPClient must not follow
    /// redirects itself (the keeper does, checking each hop), and a silent connection is dropped
    /// after 30 s.
    public static var httpClientConfiguration: HTTPClient.Configuration {
        HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10), read: .seconds(30)))
    }

    /// - Parameters:
    ///   - folder: the media folder (created when missing).
    ///   - httpClient: made with ``httpClientConfiguration`` (or at least with redirects
    ///     disallowed: a download the client redirects on its own fails with
    ///     ``MediaError/clientFollowsRedirects(url:)``). Its lifetime is the caller's.
    ///   - policy: size caps and time limits.
    ///   - logger: where downloads are logged (URLs without their query).
    public init(folder: URL, httpClient: HTTPClient, policy: MediaPolicy = MediaPolicy(), logger: Logger) {
        self.init(folder: folder, downloads: DownloadClient(httpClient), policy: policy, logger: logger)
    }

    /// A keeper whose HTTP client is made on the first download (see ``DownloadClient``).
    public init(folder: URL, downloads: DownloadClient, policy: MediaPolicy = MediaPolicy(), logger: Logger) {
        self.folder = MediaFolder(root: folder)
        self.downloads = downloads
        self.policy = policy
        self.logger = logger
    }

    /// Downloads `url` and keeps it.
    ///
    /// - Parameters:
    ///   - expecting: the kind the file must be.
    ///   - allowedHosts: hosts (`relay.example.com`) or `host:port`s (`127.0.0.1:8787`) that may be
    ///     downloaded from even when they resolve to non-public addresses: the configured providers'.
    /// - Throws: ``MediaError`` (see ``MediaError/isRetryable``), or `CancellationError`.
    public func keep(url: String, expecting kind: MediaKind, allowedHosts: Set<String>) async throws -> KeptFile {
        let start = try MediaURL(url)
        do {
            let kept = try await withDeadline(policy.readDeadline, expiry: .timedOut(url: start.redacted)) {
                try await download(start, kind: kind, allowedHosts: allowedHosts)
            }
            logger.info("kept media", metadata: [
                "url": "\(start.redacted)", "path": "\(kept.relativePath)", "bytes": "\(kept.byteCount)", "mime": "\(kept.mimeType)",
            ])
            return kept
        } catch let error as MediaError {
            logger.warning("media not kept", metadata: ["url": "\(start.redacted)", "reason": "\(error.message)"])
            throw error
        }
    }

    /// Keeps bytes that arrived in an answer itself (base64 images, speech audio).
    /// - Throws: ``MediaError/tooLarge(url:kind:limit:declared:)``,
    ///   ``MediaError/unexpectedType(url:expected:found:)`` or ``MediaError/storage(reason:)``.
    public func keep(data: Data, expecting kind: MediaKind) throws -> KeptFile {
        let limit = policy.maxBytes(for: kind)
        guard Int64(data.count) <= limit else {
            throw MediaError.tooLarge(url: nil, kind: kind, limit: limit, declared: Int64(data.count))
        }
        let incoming = try folder.incoming(kind: kind, limit: limit, source: nil)
        do {
            try data.withUnsafeBytes { try incoming.append($0) }
            let kept = try folder.keep(incoming.finish())
            logger.info("kept media", metadata: ["path": "\(kept.relativePath)", "bytes": "\(kept.byteCount)", "mime": "\(kept.mimeType)"])
            return kept
        } catch {
            incoming.discard()
            throw error
        }
    }

    /// Follows redirects (each hop guarded) to the file, then receives it.
    private func download(_ start: MediaURL, kind: MediaKind, allowedHosts: Set<String>) async throws -> KeptFile {
        var current = start
        var redirects = 0
        while true {
            try await AddressGuard.check(current, allowedHosts: allowedHosts)
            let response = try await fetch(current, kind: kind)
            let status = Int(response.status.code)
            if [301, 302, 303, 307, 308].contains(status) {
                guard redirects < policy.maxRedirects else {
                    throw MediaError.tooManyRedirects(url: start.redacted, limit: policy.maxRedirects)
                }
                guard let location = response.headers.first(name: "location"), let next = current.resolving(location: location) else {
                    throw MediaError.badRedirect(url: current.redacted, status: status)
                }
                logger.debug("media redirect", metadata: ["from": "\(current.redacted)", "to": "\(next.redacted)"])
                redirects += 1
                current = next
                continue
            }
            guard (200..<300).contains(status) else { throw MediaError.httpStatus(url: current.redacted, status: status) }
            return try await receive(response, from: current, kind: kind)
        }
    }

    /// One request, without following redirects.
    private func fetch(_ url: MediaURL, kind: MediaKind) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url.url.absoluteString)
        request.headers.add(name: "Accept", value: "\(kind.rawValue)/*")
        request.headers.add(name: "User-Agent", value: "Atelier")
        let response: HTTPClientResponse
        do {
            response = try await downloads.client().execute(request, timeout: .nanoseconds(policy.requestTimeout.nanoseconds))
        } catch {
            throw MediaError.transport(error, url: url)
        }
        guard response.history.count <= 1 else { throw MediaError.clientFollowsRedirects(url: url.redacted) }
        return response
    }

    /// Streams a 2xx body into the media folder under the kind's size cap.
    private func receive(_ response: HTTPClientResponse, from url: MediaURL, kind: MediaKind) async throws -> KeptFile {
        let limit = policy.maxBytes(for: kind)
        if let declared = response.headers.first(name: "content-length").flatMap(Int64.init), declared > limit {
            throw MediaError.tooLarge(url: url.redacted, kind: kind, limit: limit, declared: declared)
        }
        let incoming = try folder.incoming(kind: kind, limit: limit, source: url.redacted)
        do {
            do {
                for try await chunk in response.body {
                    try chunk.withUnsafeReadableBytes { try incoming.append($0) }
                }
            } catch {
                throw MediaError.transport(error, url: url)
            }
            // A cancelled body stream may simply end: never keep what a cancellation cut short.
            try Task.checkCancellation()
            return try folder.keep(incoming.finish())
        } catch {
            incoming.discard()
            throw error
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds (for NIO's `TimeAmount`).
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
