@testable import AtelierWeb
import Foundation
import XCTest

final class FormattingTests: XCTestCase {
    func testTimesMatchTheGregorianCalendarInUTC() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let date = Date(timeIntervalSince1970: Double.random(in: -2_000_000_000...6_000_000_000, using: &generator))
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            let expected = String(format: "%04d-%02d-%02d %02d:%02d UTC", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!)
            XCTAssertEqual(Formatting.time(date), expected, "\(date.timeIntervalSince1970)")
        }
        XCTAssertEqual(Formatting.time(Date(timeIntervalSince1970: 951_782_400)), "2000-02-29 00:00 UTC")
    }

    func testISO8601TimesMatchFoundationsFormatter() {
        let formatter = ISO8601DateFormatter()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let date = Date(timeIntervalSince1970: Double.random(in: 0...6_000_000_000, using: &generator))
            XCTAssertEqual(Formatting.iso8601(date), formatter.string(from: date))
        }
    }

    func testSharesOfExtremeAmountsStayBetween0And100() {
        XCTAssertEqual(Formatting.percent(25, of: 100), 25)
        XCTAssertEqual(Formatting.percent(0.5, of: 1e-300), 100, "the budget that stopped the server")
        XCTAssertEqual(Formatting.percent(1e308, of: 1e-308), 100)
        XCTAssertEqual(Formatting.percent(Double.leastNonzeroMagnitude, of: Double.leastNonzeroMagnitude), 100)
        XCTAssertEqual(Formatting.percent(0, of: 0), 100, "a zero budget is all spent")
        XCTAssertEqual(Formatting.percent(0, of: 10), 0)
        XCTAssertEqual(Formatting.percent(-0.0, of: 10), 0)
        XCTAssertEqual(Formatting.percent(-1e308, of: 1e-300), 0)
        XCTAssertEqual(Formatting.percent(.nan, of: 10), 100)
        XCTAssertEqual(Formatting.percent(10, of: .nan), 100)
        XCTAssertEqual(Formatting.percent(.infinity, of: 10), 100)
        XCTAssertEqual(Formatting.percent(10, of: .infinity), 0)
        XCTAssertEqual(Formatting.percent(10, of: -5), 100)
    }

    func testAmounts() {
        XCTAssertEqual(Formatting.amount(0.58), "0.58")
        XCTAssertEqual(Formatting.amount(0.04), "0.04")
        XCTAssertEqual(Formatting.amount(100), "100")
        XCTAssertEqual(Formatting.amount(100.5), "100.5")
        XCTAssertEqual(Formatting.amount(1234.567), "1234.57")
        XCTAssertEqual(Formatting.amount(0.00004), "0")
        XCTAssertEqual(Formatting.amount(-2.5), "-2.5")
        XCTAssertEqual(Formatting.amount(0.0025), "0.0025")
        XCTAssertEqual(Formatting.oneDecimal(12.34), "12.3")
        XCTAssertEqual(Formatting.oneDecimal(-0.26), "-0.3")
        XCTAssertEqual(Formatting.oneDecimal(0), "0.0")
        XCTAssertEqual(Formatting.oneDecimal(-0.04), "0.0")
        XCTAssertEqual(Formatting.oneDecimal(300), "300.0")
        XCTAssertEqual(Formatting.oneDecimal(1_234_567.89), "1234567.9")
    }

    func testByteCountsInBinaryUnits() {
        XCTAssertEqual(Formatting.byteCount(0), "0 bytes")
        XCTAssertEqual(Formatting.byteCount(1023), "1023 bytes")
        XCTAssertEqual(Formatting.byteCount(1024), "1 KiB")
        XCTAssertEqual(Formatting.byteCount(1536), "1.5 KiB")
        XCTAssertEqual(Formatting.byteCount(20 * 1024 * 1024), "20 MiB")
        XCTAssertEqual(Formatting.byteCount(1024 * 1024 - 1), "1 MiB", "rounding up to 1024 moves to the next unit")
        XCTAssertEqual(Formatting.byteCount(3 * 1024 * 1024 * 1024 + 300 * 1024 * 1024), "3.3 GiB")
        XCTAssertEqual(Formatting.byteCount(5 << 50), "5120 TiB")
    }

    func testFileSizesInDecimalUnitsAsPeopleReadThem() {
        XCTAssertEqual(Formatting.fileSize(0), "0 bytes")
        XCTAssertEqual(Formatting.fileSize(999), "999 bytes")
        XCTAssertEqual(Formatting.fileSize(196_922), "197 KB", "not 0.1878 MiB")
        XCTAssertEqual(Formatting.fileSize(999_499), "999 KB")
        XCTAssertEqual(Formatting.fileSize(999_600), "1 MB", "rounding up to 1000 moves to the next unit")
        XCTAssertEqual(Formatting.fileSize(1_420_000), "1.4 MB")
        XCTAssertEqual(Formatting.fileSize(12_600_000), "13 MB")
        XCTAssertEqual(Formatting.fileSize(2_100_000_000), "2.1 GB")
        XCTAssertEqual(Formatting.fileSize(-5), "0 bytes")
        XCTAssertEqual(Formatting.fileSize(Int64.max), "9223372 TB")
    }

    func testDurationsReadLikeAClock() {
        XCTAssertEqual(Formatting.clock(seconds: 0), "0:00")
        XCTAssertEqual(Formatting.clock(seconds: 7), "0:07")
        XCTAssertEqual(Formatting.clock(seconds: 151), "2:31")
        XCTAssertEqual(Formatting.clock(seconds: 3725), "1:02:05")
        XCTAssertEqual(Formatting.clock(seconds: -3), "0:00")
    }
}
