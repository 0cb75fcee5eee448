import Foundation

/// The only form of an API key the UI shows: its prefix (`sk-`) and its last four characters,
/// such as `sk-…3f9a`. Short keys show only their last two, so a mask never gives away much of
/// a key.
public enum KeyMask {
    public static func mask(_ key: String) -> String {
        let characters = Array(key.trimmingCharacters(in: .whitespaces))
        guard characters.count >= 8 else { return "…" + String(characters.suffix(2)) }
        var prefix = ""
        if let dash = characters.prefix(6).firstIndex(of: "-") { prefix = String(characters[...dash]) }
        return prefix + "…" + String(characters.suffix(characters.count >= 16 ? 4 : 2))
    }
}
