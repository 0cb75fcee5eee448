/// Limits applied to every kept file.
public struct MediaPolicy: Sendable, Hashable {
    /// Largest image kept, in bytes.
    public var maxImageBytes: Int64
    /// Largest audio file kept, in bytes.
    public var maxAudioBytes: Int64
    /// Largest video kept, in bytes.
    public var maxVideoBytes: Int64
    /// Time each request (each redirect hop) has to answer with its headers.
    public var requestTimeout: Duration
    /// Time the whole download has (every hop, headers and the complete body); past it the
    /// download is abandoned. AsyncHTTPClient's own deadline stops at the headers, so this one is
    /// what bounds a body that trickles.
    public var readDeadline: Duration
    /// Most redirects followed for one download; each hop passes the address guard again.
    public var maxRedirects: Int

    public init(
        maxImageBytes: Int64 = 50 << 20, maxAudioBytes: Int64 = 100 << 20, maxVideoBytes: Int64 = 500 << 20,
        requestTimeout: Duration = .seconds(30), readDeadline: Duration = .seconds(600), maxRedirects: Int = 3
    ) {
        self.maxImageBytes = maxImageBytes
        self.maxAudioBytes = maxAudioBytes
        self.maxVideoBytes = maxVideoBytes
        self.requestTimeout = requestTimeout
        self.readDeadline = readDeadline
        self.maxRedirects = maxRedirects
    }

    /// The size cap for `kind`.
    public func maxBytes(for kind: MediaKind) -> Int64 {
        switch kind {
        case .image: maxImageBytes
        case .audio: maxAudioBytes
        case .video: maxVideoBytes
        }
    }
}
