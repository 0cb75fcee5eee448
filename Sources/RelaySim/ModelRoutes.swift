import Hummingbird

/// `GET /v1/models` and `GET /v1/models/{model}` in new-api's shape (PROTOCOLS §2.1).
struct ModelRoutes {
    func register(_ table: inout RouteTable) {
        table.add(.get, RouteTable.withAndWithoutV1("/v1/models"), family: .openAI) { _ in
            Reply.json(["success": true, "object": "list", "data": .array(ModelCatalog.all.map(Self.object))])
        }
        table.add(.get, RouteTable.withAndWithoutV1("/v1/models/{model}"), family: .openAI) { request in
            guard let entry = ModelCatalog.all.first(where: { $0.id == request.parameter("model") }) else {
                throw SimFailure(.modelNotFound(request.parameter("model")))
            }
            return Reply.json(Self.object(entry))
        }
    }

    private static func object(_ entry: ModelCatalog.Entry) -> JSONValue {
        [
            "id": .string(entry.id), "object": "model", "created": 1_626_777_600, "owned_by": .string(entry.ownedBy),
            "supported_endpoint_types": .array(entry.endpoints.map(JSONValue.string)),
        ]
    }
}
