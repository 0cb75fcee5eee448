/// What a provider output is expected to be; the downloaded bytes must match it.
public enum MediaKind: String, Sendable, Hashable, CaseIterable {
    case image
    case audio
    case video
}
