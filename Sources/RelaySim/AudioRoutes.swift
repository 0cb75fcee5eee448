import Foundation
import Hummingbird

/// `POST /v1/audio/speech` (a real WAV tone whatever the format asked), `/v1/audio/transcriptions`
/// and `/v1/audio/translations` (multipart), PROTOCOLS §2.5–2.6.
struct AudioRoutes {
    let sim: SimContext

    func register(_ table: inout RouteTable) {
        table.add(.post, RouteTable.withAndWithoutV1("/v1/audio/speech"), family: .openAI) { request in
            let model = request.field("model") ?? ""
            guard ModelCatalog.speech.contains(model) else { throw SimFailure(.modelNotFound(model)) }
            guard let input = request.field("input") else { throw SimFailure.invalid("invalid_request", "input is required") }
            guard request.field("voice") != nil else { throw SimFailure.invalid("invalid_request", "voice is required") }
            if request.magic.contains(.fail) { throw SimFailure(.upstream("speech synthesis failed (sim:fail)")) }
            try await sim.state.charge(Prices.speech)
            let seconds = min(5, 0.5 + Double(input.count) * 0.03)
            let frequency = 200 + Double(StableHash.fnv(input) % 400)
            return Reply.bytes(WAVEncoder.tone(frequency: frequency, seconds: seconds), contentType: "audio/wav")
        }
        for path in ["/v1/audio/transcriptions", "/v1/audio/translations"] {
            table.add(.post, RouteTable.withAndWithoutV1(path), family: .openAI) { request in
                try await transcribe(request)
            }
        }
    }

    private func transcribe(_ request: SimRequest) async throws -> Response {
        guard let form = MultipartForm(contentType: request.header("Content-Type"), body: request.body) else {
            throw SimFailure.invalid("invalid_request", "multipart/form-data body required")
        }
        let model = form.value("model") ?? ""
        guard ModelCatalog.transcription.contains(model) else { throw SimFailure(.modelNotFound(model)) }
        guard let file = form.files("file").first else { throw SimFailure.invalid("invalid_request", "file is required") }
        if request.magic.contains(.fail) { throw SimFailure(.upstream("transcription failed (sim:fail)")) }
        try await sim.state.charge(Prices.transcription)
        let text = "Simulated transcription of \(file.filename ?? "audio") (\(file.data.count) bytes)."
        switch form.value("response_format") ?? "json" {
        case "text":
            return Reply.text(text)
        case "srt":
            return Reply.text("1\n00:00:00,000 --> 00:00:02,000\n\(text)\n")
        case "vtt":
            return Reply.text("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n\(text)\n", contentType: "text/vtt")
        case "verbose_json":
            return Reply.json([
                "task": "transcribe", "language": .string(form.value("language") ?? "english"), "duration": 2.0,
                "text": .string(text),
                "segments": [
                    ["id": 0, "seek": 0, "start": 0.0, "end": 2.0, "text": .string(text), "tokens": [], "temperature": 0,
                     "avg_logprob": -0.2, "compression_ratio": 1.0, "no_speech_prob": 0.01],
                ],
            ])
        default:
            return Reply.json(["text": .string(text)])
        }
    }
}
