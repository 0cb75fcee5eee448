import Foundation

/// Width, height and duration of a kept file, as ffprobe reads them.
public struct MediaFacts: Sendable, Hashable {
    public var width: Int?
    public var height: Int?
    /// Seconds.
    public var duration: Double?

    public init(width: Int? = nil, height: Int? = nil, duration: Double? = nil) {
        self.width = width
        self.height = height
        self.duration = duration
    }

    /// The arguments asking ffprobe for the facts of `path` as JSON.
    /// Only the local file is read (`-protocol_whitelist file`): a file that names other
    /// sources (a playlist, a reference) never makes the server fetch them.
    static func probeArguments(_ path: String) -> [String] {
        ["-v", "error", "-protocol_whitelist", "file", "-print_format", "json", "-show_entries", "stream=codec_type,width,height,duration:format=duration", "-i", path]
    }

    /// Reads ffprobe's JSON answer: the first picture stream's size, the container's duration
    /// (or the stream's). Returns nil when the answer holds nothing usable for `kind` (an image
    /// without a size, a clip without a duration), which ffprobe does for files it cannot read
    /// while still exiting with 0.
    static func parse(probe json: Data, kind: MediaKind) -> MediaFacts? {
        struct Probe: Decodable {
            struct Stream: Decodable {
                var codec_type: String?
                var width: Int?
                var height: Int?
                var duration: String?
            }
            struct Format: Decodable { var duration: String? }
            var streams: [Stream]?
            var format: Format?
        }
        guard let probe = try? JSONDecoder().decode(Probe.self, from: json) else { return nil }
        let streams = probe.streams ?? []
        let picture = streams.first { $0.codec_type == "video" && ($0.width ?? 0) > 0 && ($0.height ?? 0) > 0 }
        let duration = [probe.format?.duration].compactMap { $0 }.compactMap(Double.init).first
            ?? streams.lazy.compactMap { $0.duration.flatMap(Double.init) }.first
        let finiteDuration = duration.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
        switch kind {
        case .image:
            guard let picture else { return nil }
            return MediaFacts(width: picture.width, height: picture.height)
        case .video:
            guard let picture, let finiteDuration else { return nil }
            return MediaFacts(width: picture.width, height: picture.height, duration: finiteDuration)
        case .audio:
            guard streams.contains(where: { $0.codec_type == "audio" }), let finiteDuration else { return nil }
            return MediaFacts(duration: finiteDuration)
        }
    }
}
