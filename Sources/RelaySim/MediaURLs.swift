import Foundation

/// URLs of the outputs the simulator "generates". Every file is derived from its name, so
/// nothing is stored: `/files/img/<key>_<w>x<h>.png`, `/files/audio/<key>.wav`, `/files/video/<key>.mp4`.
struct MediaURLs: Sendable {
    let sim: SimContext

    func image(_ key: String, width: Int = 1024, height: Int = 1024) -> String {
        sim.url("/files/img/\(Self.safe(key))_\(width)x\(height).png")
    }

    func audio(_ key: String) -> String { sim.url("/files/audio/\(Self.safe(key)).wav") }

    func video(_ key: String) -> String { sim.url("/files/video/\(Self.safe(key)).mp4") }

    /// Width and height for an aspect ratio such as `16:9` (or a size such as `1280x720`), longest side 1024.
    static func size(aspect: String?) -> (Int, Int) {
        guard let aspect else { return (1024, 1024) }
        let parts = aspect.split(whereSeparator: { $0 == ":" || $0 == "x" || $0 == "*" }).compactMap { Double($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] > 0, parts[0].isFinite, parts[1].isFinite else { return (1024, 1024) }
        let scale = 1024 / max(parts[0], parts[1])
        return (Int(parts[0] * scale), Int(parts[1] * scale))
    }

    /// `key` reduced to URL-safe characters (other text is hashed).
    static func safe(_ key: String) -> String {
        let allowed = key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        return allowed && !key.isEmpty && key.count <= 80 ? key : String(format: "%016llx", StableHash.fnv(key))
    }
}
