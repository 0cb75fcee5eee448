import Foundation

/// A model as `/v1/models` lists it.
public struct RemoteModel: Sendable, Hashable, Codable {
    public var id: String
    public var ownedBy: String?
    /// new-api `supported_endpoint_types`: opaque labels (`openai`, `image-generation`, `文生视频`, …).
    public var endpointTypes: [String]
}

/// `/v1/models` and `/v1/embeddings`.
struct OpenAIModels: Sendable {
    let connection: RelayConnection

    func list() async throws -> [RemoteModel] {
        try Self.decodeModels(try await connection.get("/v1/models"))
    }

    static func decodeModels(_ json: JSONValue) throws -> [RemoteModel] {
        guard json["data"].isArray else { throw RelayError(.invalidResponse, "the model list has no data array") }
        return json["data"].array.compactMap { item in
            guard let id = item["id"].string else { return nil }
            return RemoteModel(id: id, ownedBy: item["owned_by"].string,
                               endpointTypes: item["supported_endpoint_types"].array.compactMap(\.string))
        }
    }

    func embeddings(model: String, input: [String], dimensions: Int? = nil) async throws -> [[Double]] {
        let body = JSONValue.compact([
            ("model", .string(model)), ("input", .array(input.map { .string($0) })), ("dimensions", dimensions.json),
        ])
        return try Self.decodeEmbeddings(try await connection.post("/v1/embeddings", body))
    }

    /// Vectors in input order; base64 vectors (little-endian float32) are decoded too.
    static func decodeEmbeddings(_ json: JSONValue) throws -> [[Double]] {
        guard json["data"].isArray else { throw RelayError(.invalidResponse, "the embeddings answer has no data array") }
        let items = json["data"].array.enumerated().map { offset, item in (item["index"].int ?? offset, item["embedding"]) }
        return try items.sorted { $0.0 < $1.0 }.map { _, embedding in
            if embedding.isArray { return embedding.array.compactMap(\.double) }
            guard let b64 = embedding.string, let bytes = Data(base64Encoded: b64) else {
                throw RelayError(.invalidResponse, "an embedding is neither a number array nor base64")
            }
            return stride(from: 0, to: bytes.count - 3, by: 4).map { i in
                let bits = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
                return Double(Float(bitPattern: bits))
            }
        }
    }
}
