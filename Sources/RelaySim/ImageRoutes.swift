import Foundation
import Hummingbird

/// `POST /v1/images/generations` (JSON) and `/v1/images/edits` (multipart), PROTOCOLS §2.3–2.4.
/// GPT image models answer `b64_json` only (unless ``SimulatorConfiguration/gptImageReturnsURL``);
/// the others follow `response_format` (default `url`).
struct ImageRoutes {
    let sim: SimContext

    func register(_ table: inout RouteTable) {
        table.add(.post, RouteTable.withAndWithoutV1("/v1/images/generations"), family: .openAI) { request in
            let json = request.json ?? [:]
            return try await generate(
                request, model: json["model"]?.text ?? "dall-e-2", prompt: json["prompt"]?.text, n: json["n"]?.int ?? 1,
                size: json["size"]?.text ?? json["aspect_ratio"]?.text, format: json["response_format"]?.text)
        }
        table.add(.post, RouteTable.withAndWithoutV1("/v1/images/edits") + ["/v1/edits"], family: .openAI) { request in
            guard let form = MultipartForm(contentType: request.header("Content-Type"), body: request.body) else {
                throw SimFailure.invalid("invalid_request", "multipart/form-data body required")
            }
            guard !form.files("image").isEmpty else { throw SimFailure.invalid("invalid_request", "image is required") }
            return try await generate(
                request, model: form.value("model") ?? "dall-e-2", prompt: form.value("prompt"),
                n: form.value("n").flatMap { Int($0) } ?? 1, size: form.value("size"), format: form.value("response_format"))
        }
        table.add(.post, RouteTable.withAndWithoutV1("/v1/images/variations"), family: .openAI) { request in
            ErrorEnvelopes.openAI(
                .notImplemented, "API not implemented", type: "new_api_error", code: "api_not_implemented",
                requestID: request.requestID)
        }
    }

    private func generate(
        _ request: SimRequest, model: String, prompt: String?, n: Int, size: String?, format: String?
    ) async throws -> Response {
        guard ModelCatalog.isImage(model) else { throw SimFailure(.modelNotFound(model)) }
        guard let prompt, !prompt.isEmpty else { throw SimFailure.invalid("invalid_request", "prompt is required") }
        guard (1...10).contains(n) else { throw SimFailure.invalid("invalid_request", "n must be between 1 and 10") }
        if await sim.shouldFail(request) {
            throw SimFailure(.upstream("image generation failed (sim:fail)"))
        }
        try await sim.state.charge(Prices.image * Double(n))
        let (width, height) = MediaURLs.size(aspect: size == "auto" ? nil : size)
        let gptImage = model.hasPrefix("gpt-image")
        let base64 = format == "b64_json" || (gptImage && !(sim.configuration.gptImageReturnsURL && format == "url"))
        let media = MediaURLs(sim: sim)
        let items: [JSONValue] = (0..<n).map { index in
            let key = "gen-\(StableHash.fnv(prompt + "#\(index)" + request.requestID))"
            if base64 {
                let png = ImageArtist.png(seed: StableHash.fnv(key), width: width, height: height)
                return ["b64_json": .string(Data(png).base64EncodedString()), "revised_prompt": .string(prompt)]
            }
            return ["url": .string(media.image(key, width: width, height: height)), "revised_prompt": .string(prompt)]
        }
        var body: JSONValue = ["created": .int(Date().unixSeconds), "data": .array(items)]
        if gptImage {
            let input = max(1, prompt.split(separator: " ").count)
            body = body.merging([
                "usage": ["total_tokens": .int(input + 272 * n), "input_tokens": .int(input), "output_tokens": .int(272 * n)],
                "size": .string("\(width)x\(height)"), "quality": "medium", "background": "opaque", "output_format": "png",
            ])
        }
        return Reply.json(body)
    }
}
