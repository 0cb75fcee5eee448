import Foundation
import Hummingbird

/// Jimeng (Volcengine CV) text-to-image, synchronous: `POST /volcv?Action=CVProcess&Version=2022-08-31`
/// (YunApi seed). `return_url` (default true) answers `image_urls`; false answers `binary_data_base64`.
struct JimengRoutes {
    let sim: SimContext

    func register(_ table: inout RouteTable) {
        table.add(.post, ["/volcv"], family: .jimeng) { request in
            guard request.query["Action"] == "CVProcess", request.query["Version"] == "2022-08-31" else {
                throw SimFailure.invalid("invalid_request", "Invalid Action or Version")
            }
            guard request.field("req_key") != nil else { throw SimFailure.invalid("invalid_request", "req_key is required") }
            guard let prompt = request.field("prompt") else { throw SimFailure.invalid("invalid_request", "prompt is required") }
            if await sim.shouldFail(request) {
                throw SimFailure(.upstream("image generation failed (sim:fail)"))
            }
            try await sim.state.charge(Prices.jimeng)
            let width = min(768, max(256, request.json?["width"]?.int ?? 512))
            let height = min(768, max(256, request.json?["height"]?.int ?? 512))
            let key = "jimeng-\(StableHash.fnv(prompt + request.requestID))"
            let wantsURL = request.json?["return_url"]?.bool ?? true
            let images: JSONValue = wantsURL ? [.string(MediaURLs(sim: sim).image(key, width: width, height: height))] : nil
            let binary: JSONValue = wantsURL
                ? [] : [.string(Data(ImageArtist.png(seed: StableHash.fnv(key), width: width, height: height)).base64EncodedString())]
            return Reply.json([
                "code": 10000, "message": "Success", "request_id": .string(request.requestID), "status": 10000,
                "time_elapsed": "0.412s",
                "data": [
                    "algorithm_base_resp": ["status_code": 0, "status_message": "Success"], "binary_data_base64": binary,
                    "image_urls": images, "pe_result": "", "predict_tags_result": "", "rephraser_result": .string(prompt),
                    "request_id": .string(request.requestID),
                ],
            ])
        }
    }
}
