import AtelierEngine
import AtelierStore
import FastCGI
import Foundation
import Logging
import RelayClient

/// One streamed answer: tokens go to the page as they come (escaped), then the whole answer
/// rendered from its Markdown (`ChatMarkdown`), which the stylesheet shows in place of the raw
/// tokens; the answer is kept with its usage entry — also when it breaks off, with what went wrong.
struct ChatAnswer: Sendable {
    let team: Team
    let connector: ProviderConnector
    let logger: Logger
    let record: ProviderRecord
    let conversationID: Int64
    let request: ChatRequest
    /// The entry kept with the answer; `cost` fills in what it cost.
    let usage: UsageEntry
    let cost: ChatCost
    let failureText: @Sendable (String) -> String

    func stream(into writer: ResponseBodyWriter) async {
        var answer = ""
        var failure: String?
        var clientGone = false
        var reported: ChatUsage?
        do {
            let connection = try await connector.client(for: record)
            for try await chunk in try await connection.client.streamChat(request) {
                if let usage = chunk.usage { reported = usage }
                guard !chunk.content.isEmpty else { continue }
                answer += chunk.content
                do {
                    try await writer.writeAndFlush(HTMLEscaping.escape(chunk.content))
                } catch {
                    clientGone = true
                    break
                }
            }
        } catch let error as RelayError {
            // A chat has no task to lose: a 404 means the route or model is not offered.
            failure = failureText("failure_" + (error.category == .notFound ? "notOffered" : error.category.rawValue))
        } catch let error as ConnectorError {
            failure = error.description
        } catch {
            failure = failureText("failure_generic")
        }
        if !clientGone {
            // The page's template closes the paragraph the tokens went into: it closes the last one opened here.
            let rendered = answer.isEmpty ? "" : "</p><div class=\"markdown\">" + ChatMarkdown.html(answer) + "</div><p hidden>"
            let failed = failure.map { "</p><p class=\"field-error\">" + HTMLEscaping.escape($0) } ?? ""
            try? await writer.writeAndFlush(rendered + failed)
        }
        do {
            let charged = answer.isEmpty ? nil : cost.charge(usage, usage: reported)
            try await team.conversations.append(ChatMessageRecord(conversationId: conversationID, role: "assistant", content: answer,
                                                                  failure: failure), usage: charged)
        } catch {
            logger.error("could not keep a chat answer", metadata: ["conversation": "\(conversationID)", "error": "\(error)"])
        }
    }
}
