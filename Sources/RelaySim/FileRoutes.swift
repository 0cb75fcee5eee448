import Foundation
import Hummingbird

/// Serves the generated outputs (no auth, like CDN links): PNG pictures, WAV audio, the MP4
/// sample, and new-api's `GET /mj/image/{id}` image proxy.
struct FileRoutes {
    let sim: SimContext

    func register(_ table: inout RouteTable) {
        table.add(.get, ["/files/img/{name}"], family: .openAI, auth: .none) { request in
            let name = request.parameter("name")
            guard name.hasSuffix(".png") else { throw SimFailure(.notFound) }
            let stem = String(name.dropLast(4))
            let (width, height) = Self.size(in: stem)
            return Reply.bytes(
                ImageArtist.png(seed: StableHash.fnv(stem), width: width, height: height), contentType: "image/png")
        }
        table.add(.get, ["/files/audio/{name}"], family: .openAI, auth: .none) { request in
            let name = request.parameter("name")
            guard name.hasSuffix(".wav") else { throw SimFailure(.notFound) }
            let frequency = 220 + Double(StableHash.fnv(name) % 660)
            return Reply.bytes(WAVEncoder.tone(frequency: frequency, seconds: 2), contentType: "audio/wav")
        }
        table.add(.get, ["/files/video/{name}"], family: .openAI, auth: .none) { request in
            guard request.parameter("name").hasSuffix(".mp4") else { throw SimFailure(.notFound) }
            return Reply.bytes(SampleVideo.mp4, contentType: "video/mp4")
        }
        for prefix in MidjourneyRoutes.prefixes {
            table.add(.get, ["\(prefix)/mj/image/{id}"], family: .midjourney, auth: .none) { request in
                let id = request.parameter("id")
                guard let task = await sim.state.task(id), task.family == .midjourney, !task.lost else {
                    throw SimFailure(.notFound)
                }
                return Reply.bytes(ImageArtist.png(seed: StableHash.fnv(task.id), width: 512, height: 512), contentType: "image/png")
            }
        }
    }

    /// The `_<w>x<h>` suffix of a file stem, or 1024×1024.
    static func size(in stem: String) -> (Int, Int) {
        guard let marker = stem.lastIndex(of: "_") else { return (1024, 1024) }
        let parts = stem[stem.index(after: marker)...].split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] > 0 else { return (1024, 1024) }
        return (parts[0], parts[1])
    }
}
