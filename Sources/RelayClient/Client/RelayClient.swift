import Foundation
import Logging

/// The shared client core: one provider, one set of credentials, one transport.
///
/// A task engine uses `submit` → `fetch`/`fetchMany` (or `parseCallback`) → `cancel`; chat,
/// models, embeddings, transcription and balances are direct calls. Every error thrown is a
/// `RelayError` whose text holds no secret.
public struct RelayClient: Sendable {
    public let provider: Provider
    let connection: RelayConnection

    /// - Parameters:
    ///   - provider: a preset (`Presets.named(_:)`) or a custom provider.
    ///   - credentials: the key (and secrets) for it; never logged.
    ///   - transport: defaults to a process-wide `AsyncHTTPClientTransport`.
    public init(provider: Provider, credentials: Credentials, transport: any HTTPTransport = AsyncHTTPClientTransport.shared,
                logger: Logger = Logger(label: "atelier.relay")) {
        self.provider = provider
        self.connection = RelayConnection(provider: provider, credentials: credentials, transport: transport, logger: logger)
    }

    // MARK: - Tasks

    /// Submits a generation. Asynchronous families answer `submitted` with the provider task id;
    /// synchronous ones (images, speech, Jimeng) answer `succeeded` with outputs.
    ///
    /// When the error's `requestMayHaveReachedProvider` is true the submit may have been
    /// charged: record the task as `.unknown` (see `unknownOutcome`) and never resubmit it
    /// automatically.
    public func submit(_ request: GenerationRequest, id: String = RelayTask.newID()) async throws -> RelayTask {
        let c = connection
        var task: RelayTask
        switch request {
        case .image(let r): task = try await OpenAIImages(connection: c).generate(r)
        case .speech(let r): task = try await OpenAIAudio(connection: c).speech(r)
        case .midjourney(let r): task = try await MidjourneyFamily(connection: c).submit(r, id: id)
        case .suno(let r): task = try await SunoFamily(connection: c).submit(r, id: id)
        case .kling(let r): task = try await KlingFamily(connection: c).submit(r, id: id)
        case .luma(let r): task = try await LumaFamily(connection: c).submit(r, id: id)
        case .runway(let r): task = try await RunwayFamily(connection: c).submit(r, id: id)
        case .video(let r): task = try await UnifiedVideoFamily(connection: c).submit(r, id: id)
        case .imgOpenSD(let r): task = try await ImgOpenSDFamily(connection: c).submit(r, id: id)
        case .jimeng(let r): task = try await JimengFamily(connection: c).generate(r, id: id)
        case .mxDrawing(let r): task = try await MXDrawingFamily(connection: c).submit(r, id: id)
        }
        task.id = id
        return task
    }

    /// The record to keep for a submit that failed with `requestMayHaveReachedProvider`.
    public static func unknownOutcome(of request: GenerationRequest, id: String = RelayTask.newID(),
                                      error: RelayError) -> RelayTask {
        RelayTask(id: id, family: request.family, operation: "", kind: request.kind, status: .unknown,
                  failure: error.failure)
    }

    /// Reads the current state of a task. Finished tasks and tasks of synchronous families are
    /// returned unchanged.
    public func fetch(_ task: RelayTask) async throws -> RelayTask {
        if task.status.isTerminal { return task }
        let c = connection
        switch task.family {
        case .midjourney: return try await MidjourneyFamily(connection: c).fetch(task)
        case .suno: return try await SunoFamily(connection: c).fetch(task)
        case .kling: return try await KlingFamily(connection: c).fetch(task)
        case .luma: return try await LumaFamily(connection: c).fetch(task)
        case .runway: return try await RunwayFamily(connection: c).fetch(task)
        case .unifiedVideo: return try await UnifiedVideoFamily(connection: c).fetch(task)
        case .imgOpenSD: return try await ImgOpenSDFamily(connection: c).fetch(task)
        case .mxDrawing: return try await MXDrawingFamily(connection: c).fetch(task)
        case .openAI, .jimeng: return task
        }
    }

    /// True when `fetchMany` asks the provider once for many tasks of this family.
    public func supportsBatchFetch(_ family: ProtocolFamily) -> Bool { family == .midjourney || family == .suno }

    /// Reads many tasks: one call per batch-capable family (MJ list-by-condition, Suno fetch by
    /// ids), one call per task otherwise. Tasks the provider no longer knows are left out.
    public func fetchMany(_ tasks: [RelayTask]) async throws -> [RelayTask] {
        var results: [String: RelayTask] = [:]
        let byFamily = Dictionary(grouping: tasks, by: \.family)
        for (family, group) in byFamily.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let updated: [RelayTask]
            switch family {
            case .midjourney: updated = try await MidjourneyFamily(connection: connection).fetchMany(group)
            case .suno: updated = try await SunoFamily(connection: connection).fetchMany(group)
            default:
                var list: [RelayTask] = []
                for task in group {
                    do {
                        list.append(try await fetch(task))
                    } catch let error as RelayError where error.category == .notFound {
                        continue
                    }
                }
                updated = list
            }
            for task in updated { results[task.id] = task }
        }
        return tasks.compactMap { results[$0.id] }
    }

    /// True when the family has a cancel call (bare MJ proxies, Runway).
    public func supportsCancel(_ family: ProtocolFamily) -> Bool { family == .midjourney || family == .runway }

    /// Cancels a running task where the family allows it.
    public func cancel(_ task: RelayTask) async throws -> RelayTask {
        switch task.family {
        case .midjourney: return try await MidjourneyFamily(connection: connection).cancel(task)
        case .runway: return try await RunwayFamily(connection: connection).cancel(task)
        default:
            throw RelayError(.invalidRequest, "\(task.family.rawValue) tasks cannot be cancelled", field: "family")
        }
    }

    /// Reads a callback body (MJ notifyHook, Kling callback_url, Luma/Suno notify_hook, Img Open
    /// callbackUrl, MX callback_url) into a task update; merge it with `RelayTask.merged(with:)`.
    public func parseCallback(_ body: Data, family: ProtocolFamily) throws -> RelayTask {
        try RelayDecoding.task(from: body, family: family, secrets: connection.secrets)
    }

    /// Polls until the task is final (or needs input), calling `onUpdate` on each change.
    /// Retryable errors (network, timeout, rate limit, 5xx) are waited out; others are thrown.
    public func waitUntilDone(_ task: RelayTask, every interval: Duration = .seconds(5), timeout: Duration = .seconds(1800),
                              onUpdate: @Sendable (RelayTask) -> Void = { _ in }) async throws -> RelayTask {
        var current = task
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while !current.status.isTerminal && current.status != .needsInput {
            if clock.now >= deadline {
                throw RelayError(.timeout, "the task did not finish within \(timeout)")
            }
            try await Task.sleep(for: interval)
            do {
                let next = try await fetch(current)
                if next.status != current.status || next.progress != current.progress { onUpdate(next) }
                current = next
            } catch let error as RelayError where error.isRetryable {
                if let wait = error.retryAfter { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
            }
        }
        return current
    }

    // MARK: - Direct calls

    /// `POST /v1/chat/completions`, waiting for the whole answer.
    public func chat(_ request: ChatRequest) async throws -> ChatCompletion {
        try await OpenAIChat(connection: connection).complete(request)
    }

    /// A streamed chat: chunks in order; ends after `[DONE]` or with a `RelayError`.
    public func streamChat(_ request: ChatRequest) async throws -> AsyncThrowingStream<ChatChunk, Error> {
        try await OpenAIChat(connection: connection).stream(request)
    }

    /// `GET /v1/models`.
    public func models() async throws -> [RemoteModel] {
        try await OpenAIModels(connection: connection).list()
    }

    /// `POST /v1/embeddings`: one vector per input, in order.
    public func embeddings(model: String, input: [String], dimensions: Int? = nil) async throws -> [[Double]] {
        try await OpenAIModels(connection: connection).embeddings(model: model, input: input, dimensions: dimensions)
    }

    /// `POST /v1/audio/transcriptions` (or translations).
    public func transcribe(_ request: TranscriptionRequest) async throws -> Transcription {
        try await OpenAIAudio(connection: connection).transcribe(request)
    }

    /// `GET /mj/task/{id}/image-seed`.
    public func midjourneyImageSeed(_ task: RelayTask) async throws -> String {
        try await MidjourneyFamily(connection: connection).imageSeed(task)
    }

    /// The balance from the provider's documented sources (or the ones given), first that answers.
    public func balance(sources: [BalanceSource]? = nil) async throws -> Balance {
        try await BalanceFamily(connection: connection).balance(sources: sources)
    }
}
