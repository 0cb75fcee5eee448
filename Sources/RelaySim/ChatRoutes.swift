import Foundation
import Hummingbird
import NIOCore

/// `POST /v1/chat/completions`, plain and streamed (PROTOCOLS §2.2). The reply echoes the last user
/// message; image models (`stable-diffusion`, `flux*`, `gpt-4o-image`) answer a Markdown image
/// (with `sim:noimage`, only the echoed text, as an image model that declines to draw).
struct ChatRoutes {
    let sim: SimContext

    func register(_ table: inout RouteTable) {
        table.add(.post, RouteTable.withAndWithoutV1("/v1/chat/completions"), family: .openAI) { request in
            try await complete(request)
        }
    }

    private func complete(_ request: SimRequest) async throws -> Response {
        let model = request.field("model") ?? ""
        guard ModelCatalog.chat.contains(model) || ModelCatalog.isChatImage(model) else {
            throw SimFailure(.modelNotFound(model.isEmpty ? "(none)" : model))
        }
        guard let messages = request.json?["messages"]?.array, !messages.isEmpty else {
            throw SimFailure.invalid("invalid_request", "messages is required")
        }
        let prompt = Self.lastUserText(messages)
        let failing = await sim.shouldFail(request)
        if failing && request.json?["stream"]?.bool != true {
            throw SimFailure(.upstream("the provider failed to complete the request (sim:fail)"))
        }
        try await sim.state.charge(Prices.chat)
        let reply = ModelCatalog.isChatImage(model) && !request.magic.contains(.noImage)
            ? "![image](\(MediaURLs(sim: sim).image("chat-\(StableHash.fnv(prompt))")))"
            : Self.reply(to: prompt)
        let completion = Completion(
            id: "chatcmpl-" + String(format: "%016llx", StableHash.fnv(request.requestID)), model: model,
            created: Date().unixSeconds, promptTokens: Self.tokens(in: messages), text: reply)
        guard request.json?["stream"]?.bool == true else {
            return Reply.json(completion.object())
        }
        let includeUsage = request.json?["stream_options"]?["include_usage"]?.bool == true
        return stream(completion, includeUsage: includeUsage, drop: request.magic.contains(.drop), fail: failing)
    }

    private func stream(_ completion: Completion, includeUsage: Bool, drop: Bool, fail: Bool) -> Response {
        let delay = sim.configuration.streamChunkDelay
        let sim = self.sim
        let body = ResponseBody { writer in
            func send(_ text: String) async throws {
                if sim.isShuttingDown { throw CancellationError() }
                try await writer.write(ByteBuffer(string: text))
                if delay > .zero { try await Task.sleep(for: delay) }
            }
            try await send(Self.event(completion.chunk(delta: ["role": "assistant", "content": ""], first: true)))
            for (index, piece) in completion.pieces.enumerated() {
                try await send(Self.event(completion.chunk(delta: ["content": .string(piece)])))
                if index == 0 { try await send(": PING\n\n") }
                if index == 1 && drop { throw StreamDropped() }
                if index == 1 && fail {
                    let error: JSONValue = [
                        "error": [
                            "message": "the provider failed mid-stream (sim:fail)", "type": "upstream_error", "param": "",
                            "code": "do_request_failed",
                        ]
                    ]
                    try await send(Self.event(error))
                    try await writer.finish(nil)
                    return
                }
            }
            try await send(Self.event(completion.chunk(delta: [:], finish: "stop")))
            if includeUsage { try await send(Self.event(completion.usageChunk())) }
            try await send("data: [DONE]\n\n")
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .init("X-Accel-Buffering")!: "no"],
            body: body)
    }

    /// Thrown inside a stream to cut the connection (`sim:drop`).
    struct StreamDropped: Error {}

    private static func event(_ value: JSONValue) -> String {
        "data: " + String(decoding: value.encoded(), as: UTF8.self) + "\n\n"
    }

    /// The text of the last user message (string content or the text parts of an array).
    static func lastUserText(_ messages: [JSONValue]) -> String {
        let user = messages.last { $0["role"]?.string == "user" } ?? messages.last
        return text(of: user?["content"])
    }

    private static func text(of content: JSONValue?) -> String {
        if let text = content?.string { return text }
        return (content?.array ?? []).compactMap { $0["type"]?.string == "text" ? $0["text"]?.string : nil }.joined(separator: " ")
    }

    /// A deterministic reply: the first words of the prompt echoed back.
    static func reply(to prompt: String) -> String {
        let words = prompt.split(whereSeparator: \.isWhitespace).prefix(30)
        return words.isEmpty ? "Hello from relay-sim." : "Simulated reply: " + words.joined(separator: " ")
    }

    private static func tokens(in messages: [JSONValue]) -> Int {
        max(1, messages.map { text(of: $0["content"]).split(whereSeparator: \.isWhitespace).count }.reduce(0, +))
    }
}

/// One chat completion and its JSON shapes (object, chunks, usage chunk).
private struct Completion {
    let id: String
    let model: String
    let created: Int
    let promptTokens: Int
    let text: String

    /// The streamed content pieces: one word each, with the following space.
    var pieces: [String] {
        var result: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == " " {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    var usage: JSONValue {
        let completionTokens = max(1, pieces.count)
        return [
            "prompt_tokens": .int(promptTokens), "completion_tokens": .int(completionTokens),
            "total_tokens": .int(promptTokens + completionTokens), "prompt_tokens_details": ["cached_tokens": 0],
            "completion_tokens_details": ["reasoning_tokens": 0],
        ]
    }

    func object() -> JSONValue {
        [
            "id": .string(id), "object": "chat.completion", "created": .int(created), "model": .string(model),
            "system_fingerprint": nil,
            "choices": [["index": 0, "message": ["role": "assistant", "content": .string(text)], "finish_reason": "stop"]],
            "usage": usage,
        ]
    }

    func chunk(delta: JSONValue, finish: String? = nil, first: Bool = false) -> JSONValue {
        var value: JSONValue = [
            "id": .string(id), "object": "chat.completion.chunk", "created": .int(created), "model": .string(model),
            "choices": [["index": 0, "delta": delta, "finish_reason": .optional(finish)]],
        ]
        if first { value = value.merging(["system_fingerprint": nil, "usage": nil]) }
        return value
    }

    func usageChunk() -> JSONValue {
        [
            "id": .string(id), "object": "chat.completion.chunk", "created": .int(created), "model": .string(model),
            "choices": [], "usage": usage,
        ]
    }
}
