@testable import AtelierWeb
import XCTest

/// Preset names: the relays' own names as they are, the demo and custom presets translated.
final class PresetNameTests: XCTestCase {
    func testDescriptionsAreTranslatedAndNamesKept() {
        let renderer = PageRenderer(version: "test")
        XCTAssertEqual(PresetName.text(id: "demo", renderer: renderer, language: .simplifiedChinese), "演示（本机模拟器）")
        XCTAssertEqual(PresetName.text(id: "custom", renderer: renderer, language: .english), "Custom OpenAI-compatible relay")
        XCTAssertEqual(PresetName.text(id: "kfc-v50", renderer: renderer, language: .simplifiedChinese), "KFC V50")
        XCTAssertEqual(PresetName.text(id: "gone", renderer: renderer, language: .english), "gone", "a preset no longer known shows its id")
    }
}
