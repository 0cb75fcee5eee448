import Foundation
import Hummingbird

/// `POST /v1/embeddings` (PROTOCOLS §2.7): deterministic unit vectors derived from each input.
struct EmbeddingRoutes {
    let sim: SimContext

    func register(_ table: inout RouteTable) {
        table.add(.post, RouteTable.withAndWithoutV1("/v1/embeddings"), family: .openAI) { request in
            let model = request.field("model") ?? ""
            guard ModelCatalog.embedding.contains(model) else { throw SimFailure(.modelNotFound(model)) }
            let inputs: [String]
            switch request.json?["input"] {
            case .string(let text): inputs = [text]
            case .array(let items): inputs = items.map { $0.string ?? String(decoding: $0.encoded(), as: UTF8.self) }
            default: throw SimFailure.invalid("invalid_request", "input is required")
            }
            if request.magic.contains(.fail) { throw SimFailure(.upstream("embedding failed (sim:fail)")) }
            try await sim.state.charge(Prices.embedding)
            let dimensions = request.json?["dimensions"]?.int ?? (model == "text-embedding-3-large" ? 3072 : 1536)
            let base64 = request.field("encoding_format") == "base64"
            let data: [JSONValue] = inputs.enumerated().map { index, text in
                let vector = Self.vector(for: text, dimensions: max(1, dimensions))
                let embedding: JSONValue = base64
                    ? .string(Data(vector.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }).base64EncodedString())
                    : .array(vector.map { .double(Double($0)) })
                return ["object": "embedding", "index": .int(index), "embedding": embedding]
            }
            let tokens = max(1, inputs.map { $0.split(separator: " ").count }.reduce(0, +))
            return Reply.json([
                "object": "list", "data": .array(data), "model": .string(model),
                "usage": ["prompt_tokens": .int(tokens), "total_tokens": .int(tokens)],
            ])
        }
    }

    static func vector(for text: String, dimensions: Int) -> [Float] {
        var random = SimRandom(seed: StableHash.fnv(text))
        let raw = (0..<dimensions).map { _ in Float.random(in: -1...1, using: &random) }
        let norm = max(Float.leastNonzeroMagnitude, raw.map { $0 * $0 }.reduce(0, +).squareRoot())
        return raw.map { $0 / norm }
    }
}
