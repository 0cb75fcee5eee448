@testable import AtelierWeb
import Foundation
import XCTest

/// "5 min ago" in the reader's language, for the `<time>` elements whose title is the exact time.
final class RelativeTimeTests: XCTestCase {
    private let renderer = PageRenderer(version: "test")
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func ago(_ seconds: TimeInterval, _ language: Language = .english) -> String {
        RelativeTime.text(now.addingTimeInterval(-seconds), now: now, renderer: renderer, language: language)
    }

    func testHowLongAgoInBothLanguages() {
        XCTAssertEqual(ago(5), "just now")
        XCTAssertEqual(ago(-30), "just now", "a clock a little ahead is not the future")
        XCTAssertEqual(ago(5 * 60 + 20), "5 min ago")
        XCTAssertEqual(ago(3 * 3600 + 5), "3 h ago")
        XCTAssertEqual(ago(2 * 86_400 + 60), "2 days ago")
        XCTAssertEqual(ago(5 * 60, .simplifiedChinese), "5 分钟前")
        XCTAssertEqual(ago(10, .simplifiedChinese), "刚刚")
        XCTAssertEqual(ago(.infinity), "just now", "an unreadable interval never reaches an integer conversion")
        XCTAssertEqual(ago(1e12), "11574 days ago")
    }
}
