import ArgumentParser
import Foundation
import RelayClient

/// `atelier bench-decode` (hidden): times the two decoding hot paths on synthetic input —
/// a streamed chat answer of N chunks (SSE parsing across network-sized slices plus chunk
/// decoding) and N Midjourney task fetches (JSON parsing plus normalization). Build with
/// `swift build -c release` for meaningful figures.
struct BenchDecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-decode", abstract: "Measure stream and task decoding speed.", shouldDisplay: false)

    @Option(name: .long, help: "Chunks in the streamed answer, and task fetches to decode.")
    var count = 10_000

    @Option(name: .customLong("slice"), help: "Bytes per simulated network read of the stream.")
    var slice = 4096

    func run() throws {
        let stream = Self.streamBody(chunks: count)
        let clock = ContinuousClock()
        var text = ""
        var events = 0
        let streamTime = try clock.measure {
            var parser = SSEParser()
            var failure: Error?
            var start = 0
            while start < stream.count {
                let end = min(stream.count, start + slice)
                stream[start..<end].withUnsafeBytes { raw in
                    parser.feed(buffer: raw) { event in
                        do {
                            if let chunk = try RelayDecoding.chatChunk(fromEventData: event.data) {
                                text += chunk.content
                                events += 1
                            }
                        } catch { failure = error }
                    }
                }
                start = end
            }
            if let failure { throw failure }
        }
        guard events == count + 2 else { throw ValidationError("decoded \(events) chunks, expected \(count + 2)") }

        let bodies = (0..<count).map { Self.fetchBody(index: $0) }
        var succeeded = 0
        let fetchTime = try clock.measure {
            for body in bodies {
                let task = try RelayDecoding.task(from: body, family: .midjourney)
                if task.status == .succeeded, task.actions.count == 9 { succeeded += 1 }
            }
        }
        guard succeeded == count else { throw ValidationError("decoded \(succeeded) finished tasks, expected \(count)") }

        print("stream: \(count) chunks (\(stream.count) bytes, \(text.count) characters) in \(Self.ms(streamTime)) ms")
        print("fetch:  \(count) Midjourney task fetches (\(bodies.first?.count ?? 0) bytes each) in \(Self.ms(fetchTime)) ms")
    }

    static func ms(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.1f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }

    /// A chat stream as a relay sends it: role chunk, content chunks with a keep-alive now and
    /// then, a finish chunk, `[DONE]`.
    static func streamBody(chunks: Int) -> [UInt8] {
        let head = #"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1735000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":"#
        var out = head + #"{"role":"assistant","content":""},"finish_reason":null}]}"# + "\n\n"
        for i in 0..<chunks {
            out += head + #"{"content":"tok\#(i) "},"finish_reason":null}]}"# + "\n\n"
            if i % 500 == 0 { out += ": PING\n\n" }
        }
        out += head + #"{},"finish_reason":"stop"}]}"# + "\n\ndata: [DONE]\n\n"
        return Array(out.utf8)
    }

    /// A finished imagine task as a relay answers `/mj/task/{id}/fetch` (PROTOCOLS §4.5).
    static func fetchBody(index: Int) -> Data {
        let id = String(1_730_621_826_053_455 + index)
        let hash = "3785da15-4f70-4034-9128-f3ff1ac634fa"
        var buttons = (1...4).map { #"{"customId":"MJ::JOB::upsample::\#($0)::\#(hash)","emoji":"","label":"U\#($0)","type":2,"style":2}"# }
        buttons.append(#"{"customId":"MJ::JOB::reroll::0::\#(hash)::SOLO","emoji":"🔄","label":"","type":2,"style":2}"#)
        buttons += (1...4).map { #"{"customId":"MJ::JOB::variation::\#($0)::\#(hash)","emoji":"","label":"V\#($0)","type":2,"style":2}"# }
        let json = """
            {"id":"\(id)","action":"IMAGINE","customId":"","botType":"","prompt":"pig --v 6.1","promptEn":"pig --v 6.1",\
            "description":"Submit success","state":"","submitTime":1730621826053,"startTime":1730621828024,"finishTime":1730621855817,\
            "imageUrl":"https://relay.example.com/mj/image/\(id)","videoUrl":"","videoUrls":null,"status":"SUCCESS","progress":"100%",\
            "failReason":"","buttons":[\(buttons.joined(separator: ","))],"maskBase64":"",\
            "properties":{"finalPrompt":"pig --v 6.1","finalZhPrompt":""}}
            """
        return Data(json.utf8)
    }
}
