import Foundation
import RelayClient

/// The words on a Midjourney button. The provider's label is kept when it has letters (`U1`,
/// `Vary (Strong)`); a label that is only an emoji or a keycap (🔄, ⬅️, 1️⃣), which shows as an
/// empty box without an emoji font, is replaced by a translated name of what the button does.
enum ButtonLabel {
    static func text(for action: TaskAction, renderer: PageRenderer, language: Language) -> String {
        // Not `CharacterSet.letters`: it counts the emoji variation selector and the keycap mark.
        if action.label.unicodeScalars.contains(where: \.properties.isAlphabetic) { return action.label }
        let lower = action.id.lowercased()
        let number = action.id.components(separatedBy: "::").last(where: { !$0.isEmpty && $0.allSatisfy(\.isNumber) }) ?? ""
        let key: String
        switch action.kind {
        case "pan":
            key = ["left", "right", "up", "down"].first { lower.contains("pan_" + $0) }.map { "mj_button_pan_" + $0 } ?? "mj_button_pan"
        case "describePrompt", "shortenPrompt":
            key = "mj_button_prompt"
        default:
            key = "mj_button_" + action.kind
        }
        guard renderer.hasText(key) else { return renderer.text("mj_button_other", in: language) }
        return renderer.text(key, in: language, filling: ["n": number])
    }
}
