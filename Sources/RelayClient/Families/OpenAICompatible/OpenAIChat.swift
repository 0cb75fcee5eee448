import Foundation
import NIOCore

/// One chat message. `imageURLs` become OpenAI vision `image_url` parts.
public struct ChatMessage: Codable, Sendable, Hashable {
    public var role: String
    public var content: String
    public var imageURLs: [String]

    public init(role: String, content: String, imageURLs: [String] = []) {
        self.role = role
        self.content = content
        self.imageURLs = imageURLs
    }

    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: "user", content: text) }
    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: "system", content: text) }
    public static func assistant(_ text: String) -> ChatMessage { ChatMessage(role: "assistant", content: text) }

    var json: JSONValue {
        if imageURLs.isEmpty { return ["role": .string(role), "content": .string(content)] }
        var parts: [JSONValue] = [["type": "text", "text": .string(content)]]
        parts += imageURLs.map { ["type": "image_url", "image_url": ["url": .string($0)]] }
        return ["role": .string(role), "content": .array(parts)]
    }
}

/// A chat completion request (PROTOCOLS §2.2).
public struct ChatRequest: Sendable {
    public var model: String
    public var messages: [ChatMessage]
    public var temperature: Double?
    public var maxTokens: Int?
    /// Ask for the usage chunk at the end of a stream.
    public var includeUsage: Bool
    /// Any other body members (`top_p`, `tools`, `response_format`, …), sent as given.
    public var extra: [String: JSONValue]

    public init(model: String, messages: [ChatMessage], temperature: Double? = nil, maxTokens: Int? = nil,
                includeUsage: Bool = true, extra: [String: JSONValue] = [:]) {
        self.model = model
        self.messages = messages
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.includeUsage = includeUsage
        self.extra = extra
    }

    func body(stream: Bool) -> JSONValue {
        JSONValue.compact([
            ("model", .string(model)),
            ("messages", .array(messages.map(\.json))),
            ("temperature", temperature.json),
            ("max_tokens", maxTokens.json),
            ("stream", stream ? .bool(true) : nil),
            ("stream_options", stream && includeUsage ? ["include_usage": true] : nil),
        ]).merging(extra)
    }
}

/// Token counts.
public struct ChatUsage: Codable, Sendable, Hashable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var totalTokens: Int

    public init(promptTokens: Int, completionTokens: Int, totalTokens: Int) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens
    }

    init?(_ json: JSONValue) {
        guard json.isObject else { return nil }
        let p = Self.count(json["prompt_tokens"].int ?? json["input_tokens"].int)
        let c = Self.count(json["completion_tokens"].int ?? json["output_tokens"].int)
        self.init(promptTokens: p, completionTokens: c, totalTokens: json["total_tokens"].int.map(Self.count) ?? p + c)
    }

    /// A token count as a relay reports it, kept within 0…2^53: no answer is that long, and two
    /// such counts always add up without overflowing.
    static func count(_ reported: Int?) -> Int {
        min(max(reported ?? 0, 0), 1 << 53)
    }
}

/// A complete (non-streamed) chat answer.
public struct ChatCompletion: Sendable, Hashable {
    public var id: String?
    public var model: String?
    public var content: String
    /// `reasoning_content` / `reasoning`, for reasoning models.
    public var reasoning: String?
    public var finishReason: String?
    public var usage: ChatUsage?
    /// Images found in the answer (Markdown links or data URIs), for chat-format image models.
    public var images: [TaskOutput]
}

/// One piece of a streamed answer.
public struct ChatChunk: Sendable, Hashable {
    /// New answer text (may be empty).
    public var content: String
    /// New reasoning text.
    public var reasoning: String?
    /// Set on the last content chunk.
    public var finishReason: String?
    /// Set on the usage chunk (`choices: []`).
    public var usage: ChatUsage?
    /// Tool call fragments: index, and the pieces of id / name / arguments to append.
    public var toolCalls: [ToolCallDelta]

    public init(content: String = "", reasoning: String? = nil, finishReason: String? = nil, usage: ChatUsage? = nil,
                toolCalls: [ToolCallDelta] = []) {
        self.content = content
        self.reasoning = reasoning
        self.finishReason = finishReason
        self.usage = usage
        self.toolCalls = toolCalls
    }
}

/// A fragment of a streamed tool call; join `arguments` by `index`.
public struct ToolCallDelta: Sendable, Hashable {
    public var index: Int
    public var id: String?
    public var name: String?
    public var arguments: String
}

/// Chat over `/v1/chat/completions`, plain and streamed.
struct OpenAIChat: Sendable {
    let connection: RelayConnection

    func complete(_ request: ChatRequest) async throws -> ChatCompletion {
        let json = try await connection.post("/v1/chat/completions", request.body(stream: false))
        return try Self.decodeCompletion(json)
    }

    static func decodeCompletion(_ json: JSONValue) throws -> ChatCompletion {
        let choices = json["choices"].array
        guard json["choices"].isArray || json["id"].isPresent else {
            throw RelayError(.invalidResponse, "the chat answer has no choices")
        }
        let message = choices.first?["message"] ?? .null
        let content = Self.text(of: message["content"])
        return ChatCompletion(
            id: json["id"].string, model: json["model"].string, content: content,
            reasoning: message.first("reasoning_content", "reasoning").string,
            finishReason: choices.first?["finish_reason"].string, usage: ChatUsage(json["usage"]),
            images: ChatImageExtractor.images(in: content))
    }

    /// `content` may be a string or an array of parts.
    static func text(of content: JSONValue) -> String {
        if case .string(let s) = content { return s }
        return content.array.compactMap { $0["text"].string }.joined()
    }

    /// Streams the answer. The sequence ends after `[DONE]`; a mid-stream `error` event, a
    /// dropped connection or an end without `[DONE]` ends it with a `RelayError`.
    func stream(_ request: ChatRequest) async throws -> AsyncThrowingStream<ChatChunk, Error> {
        var http = connection.request("POST", "/v1/chat/completions", json: request.body(stream: true))
        http.headers.removeAll { $0.0 == "Accept" }
        http.headers.append(("Accept", "text/event-stream"))
        let response = try await connection.transport.stream(http)
        if !(200..<300).contains(response.status) || !(response.header("Content-Type")?.contains("event-stream") ?? false) {
            // An error (or a provider that ignored `stream`): read the body and decode it normally.
            var collected = ByteBuffer()
            for try await var chunk in response.body {
                collected.writeBuffer(&chunk)
                if collected.readableBytes > 4 * 1024 * 1024 { break }
            }
            let full = HTTPResponse(status: response.status, headers: response.headers, body: Data(buffer: collected))
            let json = try connection.decode(full, for: http)
            let completion = try Self.decodeCompletion(json)
            return AsyncThrowingStream { continuation in
                continuation.yield(ChatChunk(content: completion.content, reasoning: completion.reasoning,
                                             finishReason: completion.finishReason, usage: completion.usage))
                continuation.finish()
            }
        }
        let secrets = connection.secrets
        let body = response.body
        return AsyncThrowingStream { continuation in
            let task = Task {
                var parser = SSEParser()
                var done = false
                var count = 0
                do {
                    outer: for try await chunk in body {
                        var events: [SSEEvent] = []
                        chunk.withUnsafeReadableBytes { raw in
                            parser.feed(buffer: raw) { events.append($0) }
                        }
                        for event in events {
                            guard let decoded = try Self.decodeStreamEvent(event.data, secrets: secrets) else {
                                done = true
                                break outer
                            }
                            count += 1
                            continuation.yield(decoded)
                        }
                    }
                    if done {
                        continuation.finish()
                    } else {
                        var error = RelayError(.network, "the stream ended before [DONE] after \(count) chunks")
                        error.requestMayHaveReachedProvider = true
                        continuation.finish(throwing: error)
                    }
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Decodes one `data:` payload: nil for `[DONE]`, a thrown `RelayError` for an error event.
    static func decodeStreamEvent(_ data: String, secrets: [String] = []) throws -> ChatChunk? {
        if data == "[DONE]" { return nil }
        let json: JSONValue
        do {
            json = try JSONParser.parse(data)
        } catch {
            throw RelayError(.invalidResponse, "a stream event is not JSON: \(Redactor.scrub(String(data.prefix(80)), secrets: secrets))")
        }
        if json["error"].isPresent {
            var e = ErrorMapping.openAIEnvelope(json["error"], status: 200)
            if e.category == .invalidRequest { e.category = .upstreamFailure }
            e.message = Redactor.scrub(e.message, secrets: secrets)
            throw e
        }
        let choice = json["choices"][0]
        let delta = choice["delta"].isObject ? choice["delta"] : choice["message"]
        let tools = delta["tool_calls"].array.map { call in
            ToolCallDelta(index: call["index"].int ?? 0, id: call["id"].string, name: call["function"]["name"].string,
                          arguments: call["function"]["arguments"].string ?? "")
        }
        return ChatChunk(content: text(of: delta["content"]), reasoning: delta.first("reasoning_content", "reasoning").string,
                         finishReason: choice["finish_reason"].string, usage: ChatUsage(json["usage"]), toolCalls: tools)
    }
}

/// Finds images in a chat answer: `![alt](url)`, `[text](url)` links to images, and data URIs.
enum ChatImageExtractor {
    static func images(in text: String) -> [TaskOutput] {
        var outputs: [TaskOutput] = []
        var seen = Set<String>()
        for link in markdownLinks(in: text) where !seen.contains(link.url) {
            guard link.isImage || looksLikeImage(link.url) else { continue }
            seen.insert(link.url)
            if let output = output(for: link.url) { outputs.append(output) }
        }
        // Bare data URIs outside Markdown.
        var rest = Substring(text)
        while let start = rest.range(of: "data:image/") {
            let tail = rest[start.lowerBound...]
            let end = tail.firstIndex(where: { $0 == ")" || $0 == "\"" || $0.isWhitespace }) ?? tail.endIndex
            let uri = String(tail[..<end])
            if !seen.contains(uri), let output = output(for: uri) {
                seen.insert(uri)
                outputs.append(output)
            }
            rest = tail[end...]
        }
        return outputs
    }

    struct Link { var url: String; var isImage: Bool }

    static func markdownLinks(in text: String) -> [Link] {
        var links: [Link] = []
        var index = text.startIndex
        while let open = text[index...].range(of: "](") {
            let isImage: Bool = {
                guard let bracket = text[..<open.lowerBound].lastIndex(of: "[") else { return false }
                return bracket > text.startIndex && text[text.index(before: bracket)] == "!"
            }()
            guard let close = text[open.upperBound...].firstIndex(of: ")") else { break }
            var url = String(text[open.upperBound..<close]).trimmingCharacters(in: .whitespaces)
            if let space = url.firstIndex(of: " ") { url = String(url[..<space]) }  // drop a "title"
            if url.hasPrefix("<"), url.hasSuffix(">") { url = String(url.dropFirst().dropLast()) }
            if !url.isEmpty { links.append(Link(url: url, isImage: isImage)) }
            index = text.index(after: close)
        }
        return links
    }

    static func looksLikeImage(_ url: String) -> Bool {
        url.hasPrefix("data:image/") || (MIMEType.guess(fromURL: url)?.hasPrefix("image/") ?? false)
    }

    static func output(for url: String) -> TaskOutput? {
        if url.hasPrefix("data:") {
            guard let comma = url.firstIndex(of: ","), url[..<comma].hasSuffix(";base64") else { return nil }
            let mime = String(url[url.index(url.startIndex, offsetBy: 5)..<comma].dropLast(7))
            guard let bytes = Data(base64Encoded: String(url[url.index(after: comma)...]), options: .ignoreUnknownCharacters)
            else { return nil }
            return TaskOutput(kind: .image, data: bytes, mimeType: mime)
        }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else { return nil }
        return TaskOutput(kind: .image, url: url)
    }
}
