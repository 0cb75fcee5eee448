/// Member names that relay answers repeat by the thousand (a Midjourney task has some seventy,
/// a streamed chat chunk ten), made into strings once.
///
/// `JSONParser` asks here before decoding a name: an open-addressing table keyed by the name's
/// bytes (up to 16, packed into two words) answers in a few nanoseconds with a ready string, where
/// decoding and validating a new one costs several times that. Names not listed decode as usual.
enum KnownMemberNames {
    private struct Entry {
        var low: UInt64
        var high: UInt64
        var count: Int
        var name: String
    }

    private static let slotBits = 9
    /// `nil` slots are empty; collisions probe the next slot.
    private static let table: [Entry?] = {
        var table = [Entry?](repeating: nil, count: 1 << slotBits)
        for name in names {
            var utf8 = name
            utf8.withUTF8 { bytes in
                precondition(bytes.count <= 16, "known member names fit in 16 bytes")
                let (low, high) = pack(bytes)
                var slot = slot(low, high, bytes.count)
                while let taken = table[slot] {
                    precondition(taken.name != name, "\(name) is listed twice")
                    slot = (slot + 1) & ((1 << slotBits) - 1)
                }
                table[slot] = Entry(low: low, high: high, count: bytes.count, name: name)
            }
        }
        return table
    }()

    /// The shared string for these bytes, when they spell a known name.
    static func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard bytes.count <= 16, !bytes.isEmpty else { return nil }
        let (low, high) = pack(bytes)
        var slot = slot(low, high, bytes.count)
        while let entry = table[slot] {
            if entry.low == low, entry.high == high, entry.count == bytes.count { return entry.name }
            slot = (slot + 1) & ((1 << slotBits) - 1)
        }
        return nil
    }

    /// The bytes as two little-endian words, zero-padded.
    private static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var low: UInt64 = 0, high: UInt64 = 0
        for i in 0..<min(bytes.count, 8) { low |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        if bytes.count > 8 {
            for i in 8..<bytes.count { high |= UInt64(bytes[i]) << (8 * UInt64(i - 8)) }
        }
        return (low, high)
    }

    private static func slot(_ low: UInt64, _ high: UInt64, _ count: Int) -> Int {
        let mixed = (low &* 0x9E37_79B9_7F4A_7C15) ^ (high &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(count)
        return Int(truncatingIfNeeded: mixed >> UInt64(64 - slotBits))
    }

    /// Names from the families' answers (PROTOCOLS.md §4–§7) and OpenAI-style chat chunks.
    static let names = [
        // Midjourney proxy task
        "id", "action", "customId", "botType", "prompt", "promptEn", "description", "state", "submitTime", "startTime",
        "finishTime", "imageUrl", "imageUrls", "videoUrl", "videoUrls", "status", "progress", "failReason", "buttons",
        "maskBase64", "properties", "finalPrompt", "finalZhPrompt", "emoji", "label", "type", "style", "imageWidth",
        "imageHeight", "code", "result", "message", "notifyHook", "url",
        // Suno, Kling, Luma, Runway, unified video, Img Open, MX
        "data", "task_id", "task_status", "task_status_msg", "task_result", "images", "videos", "duration", "created_at",
        "updated_at", "createdAt", "clip_id", "title", "audio_url", "image_url", "video_url", "image_large_url", "tags",
        "model_name", "metadata", "error_message", "fail_reason", "failure", "failureCode", "output", "assets", "video",
        "image", "thumbnail", "request_id", "uuid", "img_uuid", "img_url", "img_urls", "imgs", "msg", "width", "height",
        "completed_at", "format", "output_format", "name", "text", "remix", "language",
        // OpenAI-compatible
        "object", "created", "model", "choices", "index", "delta", "role", "content", "finish_reason", "usage",
        "logprobs", "prompt_tokens", "total_tokens", "input_tokens", "output_tokens", "error", "param", "owned_by",
        "tool_calls", "function", "arguments", "reasoning", "revised_prompt", "b64_json", "embedding",
    ]
}
