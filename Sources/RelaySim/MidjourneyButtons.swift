/// The Midjourney button catalogue (PROTOCOLS §4.7): which buttons a finished task offers and
/// which action a `customId` starts.
enum MidjourneyButtons {
    /// What pressing a button does.
    struct Press: Equatable, Sendable {
        /// Action of the new task (`UPSCALE`, `VARIATION`, …).
        let action: String
        /// Inpaint and Custom Zoom wait for `/mj/submit/modal` (code 21, status MODAL).
        let needsModal: Bool
        /// For `PicReader` / `PromptAnalyzer`: which of the parent's prompts (1-based).
        let promptIndex: Int?
    }

    static func button(_ customId: String, label: String = "", emoji: String = "") -> JSONValue {
        ["customId": .string(customId), "emoji": .string(emoji), "label": .string(label), "type": 2, "style": 2]
    }

    /// U1–U4, 🔄, V1–V4: the buttons of a four-image grid.
    static func grid(hash: String) -> [JSONValue] {
        let upscale = (1...4).map { button("MJ::JOB::upsample::\($0)::\(hash)", label: "U\($0)") }
        let variation = (1...4).map { button("MJ::JOB::variation::\($0)::\(hash)", label: "V\($0)") }
        return upscale + [button("MJ::JOB::reroll::0::\(hash)::SOLO", emoji: "🔄")] + variation
    }

    /// The buttons of an upscaled single image.
    static func upscaled(hash: String) -> [JSONValue] {
        [
            button("MJ::JOB::upsample_v6_2x_subtle::1::\(hash)::SOLO", label: "Upscale (Subtle)"),
            button("MJ::JOB::upsample_v6_2x_creative::1::\(hash)::SOLO", label: "Upscale (Creative)"),
            button("MJ::JOB::low_variation::1::\(hash)::SOLO", label: "Vary (Subtle)", emoji: "🪄"),
            button("MJ::JOB::high_variation::1::\(hash)::SOLO", label: "Vary (Strong)", emoji: "🪄"),
            button("MJ::Inpaint::1::\(hash)::SOLO", label: "Vary (Region)", emoji: "🖌️"),
            button("MJ::Outpaint::50::1::\(hash)::SOLO", label: "Zoom Out 2x", emoji: "🔍"),
            button("MJ::Outpaint::75::1::\(hash)::SOLO", label: "Zoom Out 1.5x", emoji: "🔍"),
            button("MJ::CustomZoom::1::\(hash)", label: "Custom Zoom", emoji: "🔍"),
            button("MJ::JOB::pan_left::1::\(hash)::SOLO", emoji: "⬅️"),
            button("MJ::JOB::pan_right::1::\(hash)::SOLO", emoji: "➡️"),
            button("MJ::JOB::pan_up::1::\(hash)::SOLO", emoji: "⬆️"),
            button("MJ::JOB::pan_down::1::\(hash)::SOLO", emoji: "⬇️"),
            button("MJ::JOB::animate_high::1::\(hash)::SOLO", label: "Animate (High motion)", emoji: "🎞️"),
            button("MJ::JOB::animate_low::1::\(hash)::SOLO", label: "Animate (Low motion)", emoji: "🎞️"),
        ]
    }

    /// 1️⃣–4️⃣ and 🔄 after a describe.
    static func describe() -> [JSONValue] {
        let emoji = ["1️⃣", "2️⃣", "3️⃣", "4️⃣"]
        return (1...4).map { button("MJ::Job::PicReader::\($0)", emoji: emoji[$0 - 1]) }
            + [button("MJ::Picread::Retry", emoji: "🔄")]
    }

    /// One button per shortened prompt.
    static func shorten(hash: String, count: Int) -> [JSONValue] {
        (1...max(1, count)).map { button("MJ::Job::PromptAnalyzer::\(hash)::\($0)", label: "\($0)️⃣") }
    }

    /// The buttons a finished task of `action` offers.
    static func offered(action: String, hash: String, promptCount: Int) -> [JSONValue] {
        switch action {
        case "UPSCALE": return upscaled(hash: hash)
        case "DESCRIBE": return describe()
        case "SHORTEN": return shorten(hash: hash, count: promptCount)
        case "SWAP_FACE", "VIDEO": return []
        default: return grid(hash: hash)
        }
    }

    /// The action `customId` starts, or `nil` for an unknown id.
    static func press(_ customId: String) -> Press? {
        func plain(_ action: String) -> Press { Press(action: action, needsModal: false, promptIndex: nil) }
        let lastNumber = customId.split(separator: ":").last.flatMap { Int($0) }
        if customId.hasPrefix("MJ::Job::PicReader::") || customId.hasPrefix("MJ::Job::PromptAnalyzer::") {
            return Press(action: "IMAGINE", needsModal: false, promptIndex: lastNumber ?? 1)
        }
        if customId.hasPrefix("MJ::Picread::Retry") { return plain("DESCRIBE") }
        if customId.hasPrefix("MJ::Inpaint::") { return Press(action: "INPAINT", needsModal: true, promptIndex: nil) }
        if customId.hasPrefix("MJ::CustomZoom::") { return Press(action: "CUSTOM_ZOOM", needsModal: true, promptIndex: nil) }
        if customId.hasPrefix("MJ::Outpaint::") { return plain("ZOOM") }
        guard customId.hasPrefix("MJ::JOB::") else { return nil }
        let kind = customId.split(separator: ":", omittingEmptySubsequences: true).dropFirst(2).first.map(String.init) ?? ""
        switch kind {
        case "upsample": return plain("UPSCALE")
        case let name where name.hasPrefix("upsample_"): return plain("UPSCALE")
        case "variation", "low_variation", "high_variation": return plain("VARIATION")
        case "reroll": return plain("REROLL")
        case let name where name.hasPrefix("pan_"): return plain("PAN")
        case let name where name.hasPrefix("animate_"): return plain("VIDEO")
        default: return nil
        }
    }
}
