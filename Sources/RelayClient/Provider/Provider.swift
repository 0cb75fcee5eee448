import Foundation

/// A protocol family: one wire format, implemented in one file under `Families/`.
public enum ProtocolFamily: String, Codable, Sendable, CaseIterable {
    /// `/v1/chat/completions`, images, audio, embeddings, models.
    case openAI
    /// midjourney-proxy under `/mj` (or `/{mode}/mj`).
    case midjourney
    /// Suno task format (`/suno/submit/…`, `/suno/fetch`).
    case suno
    /// Kling official paths under `/kling/v1/…`.
    case kling
    /// Luma "web" format (`/luma/generations`).
    case luma
    /// Runway official API under `/runwayml/v1/…`.
    case runway
    /// new-api unified video tasks (`/v1/video/generations`), the yunwu
    /// `/v1/video/create` + `/v1/video/query` pair, and OpenAI `/v1/videos`.
    case unifiedVideo
    /// Img Open SD text-to-image (`/AIGCImgOpenServ/saas/sd/…`).
    case imgOpenSD
    /// Jimeng (Volcengine CV) via `/volcv?Action=CVProcess&Version=2022-08-31`.
    case jimeng
    /// MX drawing (`/api/v1/mx/images/generate`), results by callback.
    case mxDrawing
}

/// How a provider wants the key presented.
public enum AuthScheme: Codable, Sendable, Hashable {
    /// `Authorization: Bearer <key>`.
    case bearer
    /// Img Open's pair of headers carrying an access key id and secret.
    case accessKeyPair(idHeader: String, secretHeader: String)
    /// The key as-is in a named header (e.g. `mj-api-secret`).
    case header(name: String)

    /// Img Open's header names.
    public static let imgOpen = AuthScheme.accessKeyPair(idHeader: "X-Request-req-accessKeyId",
                                                          secretHeader: "X-Request-req-accessKeySecret")
}

/// Secrets for one provider. Kept apart from `Provider` (which is plain data) and never
/// printed: `description` masks everything.
public struct Credentials: Sendable, Hashable, CustomStringConvertible {
    /// The API key (`sk-…`), or the access key id for a key pair.
    public var apiKey: String
    /// The access key secret, for `AuthScheme.accessKeyPair`.
    public var secret: String?
    /// A dashboard access token for `/api/user/self` (not the `sk-` key, PROTOCOLS §3.5).
    public var dashboardToken: String?
    /// The numeric user id sent with the dashboard token.
    public var dashboardUserID: String?

    public init(apiKey: String, secret: String? = nil, dashboardToken: String? = nil, dashboardUserID: String? = nil) {
        self.apiKey = apiKey
        self.secret = secret
        self.dashboardToken = dashboardToken
        self.dashboardUserID = dashboardUserID
    }

    /// Every secret value, for scrubbing text.
    var all: [String] { [apiKey, secret, dashboardToken].compactMap { $0 } }

    public var description: String { "Credentials([redacted])" }
}

/// A model a provider offers, as its docs or `/v1/models` name it.
public struct ModelInfo: Codable, Sendable, Hashable {
    public var id: String
    public var family: ProtocolFamily
    public var kind: OutputKind
    /// True for image models answered over `/v1/chat/completions` (NO.1 API stable-diffusion, Flux).
    public var imageViaChat: Bool

    public init(id: String, family: ProtocolFamily, kind: OutputKind, imageViaChat: Bool = false) {
        self.id = id
        self.family = family
        self.kind = kind
        self.imageViaChat = imageViaChat
    }
}

/// Where a balance can be read (PROTOCOLS §3).
public enum BalanceSource: String, Codable, Sendable, CaseIterable {
    /// `/v1/dashboard/billing/subscription` and `/usage`.
    case openAIBilling
    /// new-api `/api/usage/token/`.
    case newAPITokenUsage
    /// new-api `/api/user/self` with a dashboard token.
    case newAPIUserSelf
}

/// Provider options that are not the same for every relay.
public struct ProviderOptions: Codable, Sendable, Hashable {
    /// Midjourney mode prefix for submits (`mj-fast`, `mj-relax`, `mj-turbo`); nil for plain `/mj`.
    public var midjourneyMode: String?
    /// The header carrying the dashboard user id (`New-Api-User`, `Rix-Api-User`, …).
    public var dashboardUserHeader: String
    /// Balance endpoints this provider documents, tried in order.
    public var balanceSources: [BalanceSource]
    /// The unit balances are shown in (new-api can show USD, CNY or raw tokens: PROTOCOLS §3.1).
    public var balanceUnit: BalanceUnit
    /// Quota units per currency unit for new-api raw quotas.
    public var quotaPerUnit: Double
    /// Path of the Img Open live task query, `POST {"task_id"}` (the seed names the call,
    /// "查询任务实时状态", but not its path; this is the simulator's).
    public var imgOpenTaskQueryPath: String
    /// Path of the MX drawing detail query, `GET`, with `{id}` standing for the `img_uuid`.
    public var mxDetailPath: String

    public init(midjourneyMode: String? = nil, dashboardUserHeader: String = "New-Api-User",
                balanceSources: [BalanceSource] = [.newAPITokenUsage, .openAIBilling], balanceUnit: BalanceUnit = .usd,
                quotaPerUnit: Double = 500_000,
                imgOpenTaskQueryPath: String = "/AIGCImgOpenServ/saas/task/progress",
                mxDetailPath: String = "/api/v1/mx/images/{id}") {
        self.midjourneyMode = midjourneyMode
        self.dashboardUserHeader = dashboardUserHeader
        self.balanceSources = balanceSources
        self.balanceUnit = balanceUnit
        self.quotaPerUnit = quotaPerUnit
        self.imgOpenTaskQueryPath = imgOpenTaskQueryPath
        self.mxDetailPath = mxDetailPath
    }
}

/// A provider as data: where it is, how to authenticate, what it speaks, what it charges.
public struct Provider: Codable, Sendable, Hashable, Identifiable {
    /// A stable short name (`kfc-v50`, `demo`).
    public var id: String
    public var displayName: String
    /// Base URL without `/v1` (e.g. `https://relay.example.com`). Empty for presets whose docs
    /// give no host: the user supplies it.
    public var baseURL: String
    public var auth: AuthScheme
    public var families: [ProtocolFamily]
    public var models: [ModelInfo]
    public var options: ProviderOptions
    public var prices: PriceTable
    /// Where the paths come from (the provider's doc), for people reading a preset.
    public var notes: String

    public init(id: String, displayName: String, baseURL: String, auth: AuthScheme = .bearer,
                families: [ProtocolFamily], models: [ModelInfo] = [], options: ProviderOptions = ProviderOptions(),
                prices: PriceTable = PriceTable(), notes: String = "") {
        self.id = id
        self.displayName = displayName
        self.baseURL = baseURL
        self.auth = auth
        self.families = families
        self.models = models
        self.options = options
        self.prices = prices
        self.notes = notes
    }

    /// A copy pointing at another base URL (trailing slashes and a trailing `/v1` removed).
    public func with(baseURL: String) -> Provider {
        var copy = self
        copy.baseURL = Provider.normalize(baseURL: baseURL)
        return copy
    }

    static func normalize(baseURL: String) -> String {
        var url = baseURL.trimmingCharacters(in: .whitespaces)
        while url.hasSuffix("/") { url.removeLast() }
        if url.hasSuffix("/v1") { url.removeLast(3) }
        return url
    }

    /// The model entry with this id, if the preset lists it.
    public func model(_ id: String) -> ModelInfo? { models.first { $0.id == id } }

    /// True for new-api relays (the ones read through new-api's `/api/usage/token/`), which
    /// publish their prices at `GET /api/pricing` (`RelayClient.pricing()`).
    public var publishesPricing: Bool { options.balanceSources.contains(.newAPITokenUsage) }

    /// True when the provider offers the family.
    public func offers(_ family: ProtocolFamily) -> Bool { families.contains(family) }
}
