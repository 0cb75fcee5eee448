/// Settings of one ``RelaySimulator``.
///
/// Every field has a default, so `SimulatorConfiguration()` gives a working demo relay that
/// accepts the token `sk-sim-demo`.
///
/// ## Fault scenarios, chosen per request
/// One simulator serves many tests: a request picks its fault by carrying a magic word anywhere in
/// its body (usually the prompt, or the model name). The words are:
///
/// | word | effect |
/// |---|---|
/// | `sim:fail` | the task is accepted and later ends in the family's failed state with a provider message (synchronous calls answer 500 with the family's error envelope; a chat stream ends with a `data: {"error":…}` event) |
/// | `sim:429` | HTTP 429 with `Retry-After: 1` and the family's error envelope |
/// | `sim:500` | HTTP 500 with the family's error envelope |
/// | `sim:garbage` | HTTP 200 whose body is not valid JSON |
/// | `sim:html` | HTTP 502 with an nginx-style HTML error page |
/// | `sim:slow` | HTTP 200 whose body trickles out one byte per ``slowByteInterval`` for an hour |
/// | `sim:huge` | HTTP 200 with a 50 MiB JSON body |
/// | `sim:quota` | the family's "insufficient quota" error (403 OpenAI/task envelope, MJ 400 `quota_not_enough`, Kling 429 code 1102, …) |
/// | `sim:reject` | the family's content-policy rejection (OpenAI 400 `content_policy_violation`, MJ code 24, Kling code 1301, …) |
/// | `sim:lost` | the task is accepted, then every fetch answers the family's not-found shape |
/// | `sim:hang` | no answer at all until the simulator shuts down |
/// | `sim:drop` | chat streams: the connection is dropped after the first content chunks |
/// | `sim:busy` | Midjourney: code 23 "queue full" |
/// | `sim:noimage` | chat-format image models: HTTP 200 with a text answer and no image link |
///
/// Random faults: ``failureRate`` fails tasks (as `sim:fail`), ``rateLimitRate`` answers 429 (as `sim:429`).
///
/// ## Misbehaving output files
/// Besides the generated outputs (`/files/img/<key>_<w>x<h>.png`, `/files/audio/<key>.wav`,
/// `/files/video/<key>.mp4`), these public routes test what a downloader of outputs refuses:
///
/// | route | answer |
/// |---|---|
/// | `GET /files/fault/html-as.png` | 200, `Content-Type: image/png`, an HTML page as the body |
/// | `GET /files/fault/huge.png` | 200, `image/png`, `Content-Length` 2 GiB: a PNG signature then zeros, streamed lazily |
/// | `GET /files/fault/huge-chunked.png` | the same 2 GiB body, chunked (no `Content-Length`) |
/// | `GET /files/fault/redirect?to=<url>&hops=<n>` | 302 to `to`, after `n - 1` relative 302s to itself (`hops` defaults to 1) |
/// | `GET /files/fault/status/<code>` | that status (200–599) with a short text body |
/// | `GET /files/fault/tiny.mp4` | 200, `video/mp4`, 12 bytes: an MP4's first box header and nothing more |
///
/// `GET /sim/stats` (no key) answers `{"total":N,"routes":{"GET /mj/task/{id}/fetch":n,…}}`: the
/// requests answered so far, per route, for benchmarks that count upstream calls.
public struct SimulatorConfiguration: Sendable {
    /// How the Midjourney routes behave.
    public enum MidjourneyMode: String, Sendable, CaseIterable {
        /// A bare midjourney-proxy: codes 22/21 are kept, statuses start at `NOT_START`,
        /// `imageUrl` points at the "CDN" (`/files/…`), times are `null` until set.
        case raw
        /// Behind new-api: code 22 is rewritten to 1, a new task shows status `""`,
        /// `imageUrl` is `{base}/mj/image/{id}` (with `?rand=` until SUCCESS), times are 0 until set.
        case newAPI = "new-api"
    }

    /// How the `/kling/v1/...` routes answer.
    public enum KlingMode: String, Sendable, CaseIterable {
        /// The official Kling envelope passed through (`code` 0, `data.task_status`).
        case native
        /// Current new-api: submit answers an OpenAI video object, fetch a TaskDto wrapper.
        case newAPI = "new-api"
    }

    /// Interface to bind.
    public var host: String
    /// Port to bind; 0 picks a free port (see ``RelaySimulator/start()``).
    public var port: Int
    /// Accepted `sk-` tokens (Bearer, `x-api-key` or MJ `mj-api-secret`).
    public var tokens: Set<String>
    /// Img Open credentials (`X-Request-req-accessKeyId` / `X-Request-req-accessKeySecret`).
    public var imgOpenAccessKeyID: String
    public var imgOpenAccessKeySecret: String
    /// The dashboard credential of `/api/user/self` (`Authorization: Bearer <it>` or bare), §3.5.
    public var dashboardAccessToken: String
    /// The user id that `New-Api-User` must carry when sent.
    public var userID: Int
    /// Length of one progress step.
    public var tick: Duration
    /// Ticks from submit to the final state.
    public var stepsToFinish: Int
    /// Extra ticks, drawn per task from 0…`stepsSpread`, so tasks finish at different times
    /// (benchmarks want a steady stream of completions, not one wave).
    public var stepsSpread: Int
    /// Chance (0…1) that a task fails as if it carried `sim:fail`.
    public var failureRate: Double
    /// Chance (0…1) that a request is answered 429 as if it carried `sim:429`.
    public var rateLimitRate: Double
    /// Delay added before every answer.
    public var latency: Duration
    /// Seed of the random generator; `nil` seeds from the system.
    public var seed: UInt64?
    /// POST `notifyHook` / `callback_url` bodies on every state change.
    public var deliverCallbacks: Bool
    /// Granted quota in USD, shared by every token; charges lower it, failed tasks are refunded.
    public var balance: Double
    /// Midjourney behaviour (bare proxy or behind new-api).
    public var midjourneyMode: MidjourneyMode
    /// Kling behaviour (native envelope or new-api wrapper).
    public var klingMode: KlingMode
    /// Pause between two chat stream chunks.
    public var streamChunkDelay: Duration
    /// Pause between two bytes of a `sim:slow` body.
    public var slowByteInterval: Duration
    /// Base of the URLs the simulator hands out; `nil` means `http://<host>:<bound port>`.
    public var publicBaseURL: String?
    /// The relay quirk where `gpt-image-*` answers a `url` (when asked for one) instead of `b64_json` only.
    public var gptImageReturnsURL: Bool

    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        tokens: Set<String> = ["sk-sim-demo"],
        imgOpenAccessKeyID: String = "sim-access",
        imgOpenAccessKeySecret: String = "sim-secret",
        dashboardAccessToken: String = "sim-dashboard-token",
        userID: Int = 1,
        tick: Duration = .seconds(2),
        stepsToFinish: Int = 3,
        stepsSpread: Int = 0,
        failureRate: Double = 0,
        rateLimitRate: Double = 0,
        latency: Duration = .zero,
        seed: UInt64? = nil,
        deliverCallbacks: Bool = true,
        balance: Double = 100,
        midjourneyMode: MidjourneyMode = .newAPI,
        klingMode: KlingMode = .native,
        streamChunkDelay: Duration = .milliseconds(10),
        slowByteInterval: Duration = .seconds(1),
        publicBaseURL: String? = nil,
        gptImageReturnsURL: Bool = false
    ) {
        self.host = host
        self.port = port
        self.tokens = tokens
        self.imgOpenAccessKeyID = imgOpenAccessKeyID
        self.imgOpenAccessKeySecret = imgOpenAccessKeySecret
        self.dashboardAccessToken = dashboardAccessToken
        self.userID = userID
        self.tick = tick
        self.stepsToFinish = stepsToFinish
        self.stepsSpread = stepsSpread
        self.failureRate = failureRate
        self.rateLimitRate = rateLimitRate
        self.latency = latency
        self.seed = seed
        self.deliverCallbacks = deliverCallbacks
        self.balance = balance
        self.midjourneyMode = midjourneyMode
        self.klingMode = klingMode
        self.streamChunkDelay = streamChunkDelay
        self.slowByteInterval = slowByteInterval
        self.publicBaseURL = publicBaseURL
        self.gptImageReturnsURL = gptImageReturnsURL
    }
}
