import RelayClient

/// A preset's name in the reader's language: the relays' own names (`KFC V50`, `YunApi`) are
/// names and stay as they are; the demo relay and the custom relay are descriptions, translated
/// by the `preset_name_<id>` keys.
enum PresetName {
    static func text(id: String, renderer: PageRenderer, language: Language) -> String {
        if renderer.hasText("preset_name_\(id)") { return renderer.text("preset_name_\(id)", in: language) }
        return Presets.named(id)?.displayName ?? id
    }
}
