/// The status words of the video families (§8.2 columns for Luma, Runway, OpenAI video and the
/// yunwu unified API, plus the native Veo sub-states).
enum VideoStatus {
    static func map(_ text: String) -> TaskStatus {
        switch text.lowercased() {
        case "queued", "pending", "not_start", "submitted", "throttled", "waiting", "": return .queued
        case "processing", "in_progress", "running", "dreaming", "image_downloading", "video_generating",
            "video_generation_completed", "video_upsampling", "video_upsampling_completed", "streaming", "generating":
            return .running
        case "success", "succeeded", "succeed", "completed", "complete": return .succeeded
        case "failed", "failure", "error", "video_generation_failed", "video_upsampling_failed", "unknown": return .failed
        case "cancelled", "canceled", "cancel": return .cancelled
        default: return .running
        }
    }
}
