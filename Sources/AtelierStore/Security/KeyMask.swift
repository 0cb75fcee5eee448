import Foundation

/// The only form of an API key the UI shows: a short prefix ending in a dash (`sk-`) and the
/// last four characters, such as `sk-…3f9a`. A key shorter than 16 characters shows nothing of
/// itself (`…`), so a mask never gives away much of a key.
public enum KeyMask {
    /// Keys shorter than this show no character of their own.
    public static let shortestShown = 16

    public static func mask(_ key: String) -> String {
        let characters = Array(key.trimmingCharacters(in: .whitespaces))
        guard characters.count >= shortestShown else { return "…" }
        var prefix = ""
        if let dash = characters.prefix(4).firstIndex(of: "-") { prefix = String(characters[...dash]) }
        return prefix + "…" + String(characters.suffix(4))
    }
}
