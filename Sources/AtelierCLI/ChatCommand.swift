import ArgumentParser
import Foundation
import RelayClient

/// `atelier chat`: one question, the answer streamed to standard output.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "chat", abstract: "Ask a chat model; the answer streams as it comes.")

    @OptionGroup var options: ClientOptions

    @Option(name: .long, help: "Model id.")
    var model = "gpt-4o-mini"

    @Option(name: .long, help: "System prompt.")
    var system: String?

    @Flag(name: .customLong("no-stream"), help: "Wait for the whole answer instead of streaming.")
    var noStream = false

    @Argument(help: "The prompt.")
    var prompt: [String]

    func run() async throws {
        var messages: [ChatMessage] = []
        if let system { messages.append(.system(system)) }
        messages.append(.user(prompt.joined(separator: " ")))
        let request = ChatRequest(model: model, messages: messages)
        try await withClient(options) { client in
            if noStream {
                let answer = try await client.chat(request)
                print(answer.content)
                if let usage = answer.usage { printUsage(usage) }
                return
            }
            var usage: ChatUsage?
            for try await chunk in try await client.streamChat(request) {
                if !chunk.content.isEmpty {
                    FileHandle.standardOutput.write(Data(chunk.content.utf8))
                }
                usage = chunk.usage ?? usage
            }
            print("")
            if let usage { printUsage(usage) }
        }
    }

    func printUsage(_ usage: ChatUsage) {
        FileHandle.standardError.write(Data("[tokens: \(usage.promptTokens) in, \(usage.completionTokens) out]\n".utf8))
    }
}
