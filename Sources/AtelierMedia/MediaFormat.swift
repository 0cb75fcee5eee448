/// A file format recognised from its first bytes ("magic numbers"), never from a Content-Type.
struct MediaFormat: Sendable, Hashable {
    let kind: MediaKind
    let mimeType: String
    /// Extension of the stored file, without the dot.
    let fileExtension: String

    /// How many leading bytes ``identify(_:expecting:)`` looks at.
    static let headerLength = 64

    /// The format of a file starting with `header` (its first ``headerLength`` bytes, or the
    /// whole file when shorter), read as `kind` where the bytes allow several readings
    /// (an ISO-BMFF `ftyp` file is audio or video; only the brand tells `M4A` and `qt` apart).
    static func identify(_ header: [UInt8], expecting kind: MediaKind) -> MediaFormat? {
        func at(_ offset: Int, _ magic: [UInt8]) -> Bool {
            header.count >= offset + magic.count && header[offset..<(offset + magic.count)].elementsEqual(magic)
        }
        func ascii(_ offset: Int, _ text: String) -> Bool { at(offset, Array(text.utf8)) }

        if at(0, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .init(.image, "image/png", "png") }
        if at(0, [0xFF, 0xD8, 0xFF]) { return .init(.image, "image/jpeg", "jpg") }
        if ascii(0, "GIF87a") || ascii(0, "GIF89a") { return .init(.image, "image/gif", "gif") }
        if ascii(0, "RIFF") && ascii(8, "WEBP") { return .init(.image, "image/webp", "webp") }
        // BMP: "BM", the file size, then two reserved 16-bit fields that are zero.
        if ascii(0, "BM") && at(6, [0, 0, 0, 0]) { return .init(.image, "image/bmp", "bmp") }

        if ascii(0, "RIFF") && ascii(8, "WAVE") { return .init(.audio, "audio/wav", "wav") }
        if ascii(0, "ID3") || isMPEGAudioFrame(header) { return .init(.audio, "audio/mpeg", "mp3") }
        if ascii(0, "OggS") { return .init(.audio, "audio/ogg", "ogg") }
        if ascii(0, "fLaC") { return .init(.audio, "audio/flac", "flac") }

        if ascii(4, "ftyp") {
            let brand = header.count >= 12 ? String(decoding: header[8..<12], as: UTF8.self) : ""
            if brand.hasPrefix("M4A") || brand.hasPrefix("M4B") || kind == .audio {
                return .init(.audio, "audio/mp4", "m4a")
            }
            if brand == "qt  " { return .init(.video, "video/quicktime", "mov") }
            return .init(.video, "video/mp4", "mp4")
        }
        if at(0, [0x1A, 0x45, 0xDF, 0xA3]) {
            // EBML: the DocType element near the start says "webm" or "matroska".
            return header.indices.contains { ascii($0, "webm") }
                ? .init(.video, "video/webm", "webm") : .init(.video, "video/x-matroska", "mkv")
        }
        return nil
    }

    /// Fewest bytes a kept video may have: a second of the smallest real video takes some KiB.
    static let smallestVideo: Int64 = 1024

    /// Why a whole file of this format is not really one, or nil: a video needs a sound container
    /// header (an MP4's first box followed by another, a WebM's EBML header followed by its
    /// segment) and at least ``smallestVideo`` bytes. Other kinds are taken as identified.
    func problem(header: [UInt8], byteCount: Int64) -> String? {
        guard kind == .video else { return nil }
        if byteCount < Self.smallestVideo { return "only \(byteCount) bytes" }
        switch fileExtension {
        case "mp4", "mov": return Self.isSoundISOStart(header, byteCount: byteCount) ? nil : "an MP4 whose header is broken"
        default: return Self.isSoundEBMLStart(header) ? nil : "a WebM whose header is broken"
        }
    }

    /// An ISO-BMFF start: an `ftyp` box of a plausible size, then the header of another box
    /// (`moov`, `mdat`, `free`, …) when it lies within the bytes read.
    private static func isSoundISOStart(_ header: [UInt8], byteCount: Int64) -> Bool {
        func size(at offset: Int) -> Int { header[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
        guard header.count >= 8 else { return false }
        let ftyp = size(at: 0)
        guard ftyp >= 16, ftyp % 4 == 0, Int64(ftyp) + 8 <= byteCount else { return false }
        guard ftyp + 8 <= header.count else { return true }
        let next = size(at: ftyp)
        return (next == 0 || next == 1 || next >= 8) && header[(ftyp + 4)..<(ftyp + 8)].allSatisfy { (0x20...0x7E).contains($0) }
    }

    /// An EBML header whose declared length ends where the Matroska `Segment` element starts.
    private static func isSoundEBMLStart(_ header: [UInt8]) -> Bool {
        guard header.count > 4, header[4] != 0 else { return false }
        let length = header[4].leadingZeroBitCount + 1
        guard 4 + length <= header.count else { return false }
        let size = header[5..<(4 + length)].reduce(UInt64(header[4] & (0xFF >> length))) { $0 << 8 | UInt64($1) }
        let end = 4 + length + Int(clamping: size)
        guard end <= header.count - 4 else { return false }
        return header[end..<(end + 4)].elementsEqual([0x18, 0x53, 0x80, 0x67])
    }

    /// What unrecognised bytes look like, for error messages: HTML, JSON, text, or unknown data.
    static func describeUnknown(_ header: [UInt8]) -> String {
        guard let first = header.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }) else {
            return "an empty file"
        }
        switch first {
        case UInt8(ascii: "<"): return "HTML or XML"
        case UInt8(ascii: "{"), UInt8(ascii: "["): return "JSON"
        default:
            let printable = header.allSatisfy { $0 >= 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
            return printable ? "text" : "data of an unknown format"
        }
    }

    /// An MPEG audio frame header: 11 sync bits, a valid version and a layer (not ADTS AAC's 00).
    private static func isMPEGAudioFrame(_ header: [UInt8]) -> Bool {
        guard header.count >= 2, header[0] == 0xFF, header[1] & 0xE0 == 0xE0 else { return false }
        let version = (header[1] >> 3) & 0x03, layer = (header[1] >> 1) & 0x03
        return version != 0x01 && layer != 0x00
    }

    private init(_ kind: MediaKind, _ mimeType: String, _ fileExtension: String) {
        self.kind = kind
        self.mimeType = mimeType
        self.fileExtension = fileExtension
    }
}
