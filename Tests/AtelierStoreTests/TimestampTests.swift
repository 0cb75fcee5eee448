import AtelierStore
import Foundation
import GRDB
import XCTest

/// `DatabaseTimestamp` and `UTCCalendar` against GRDB's and Foundation's own conversions: the
/// same text for every date, so databases written before and after read the same.
final class TimestampTests: XCTestCase {
    /// Edge cases, then dates spread over three centuries with sub-millisecond fractions.
    private let dates: [Date] = {
        var generator = SystemRandomNumberGenerator()
        let edges: [TimeInterval] = [0, -0.5, -86_400.25, 951_782_400, 951_868_799.9999, 1_735_689_599.999, 4_107_542_400,
                                     1_764_998_500.123456, 1_764_998_500.0009, 2_000_000_000.9995, -2_208_988_800,
                                     -632_896_487.1225, 1_000_000_000.0025, 1_000_000_000.0035, 86_399.9995]
        return edges.map(Date.init(timeIntervalSince1970:))
            + (0..<3000).map { _ in Date(timeIntervalSince1970: Double.random(in: -2_208_988_800...7_258_118_400, using: &generator)) }
    }()

    private func grdbText(_ date: Date) -> String? { String.fromDatabaseValue(date.databaseValue) }

    func testTextIsGRDBsText() {
        for date in dates {
            XCTAssertEqual(DatabaseTimestamp.text(of: date), grdbText(date), "\(date.timeIntervalSince1970)")
        }
    }

    func testReadingGivesGRDBsDateAndTheSameTextBack() throws {
        for date in dates {
            let text = DatabaseTimestamp.text(of: date)
            let read = try XCTUnwrap(DatabaseTimestamp.date(from: text.databaseValue), text)
            let grdb = try XCTUnwrap(Date.fromDatabaseValue(text.databaseValue))
            XCTAssertEqual(read.timeIntervalSince1970, grdb.timeIntervalSince1970, accuracy: 1e-6, text)
            XCTAssertEqual(DatabaseTimestamp.text(of: read), text)
        }
    }

    func testOtherStoredFormsReadAsGRDBReadsThem() throws {
        let forms = ["2026-12-06", "2026-12-06 19:21", "2026-12-06 19:21:40", "2026-12-06T19:21:40", "2026-12-06 19:21:40.5",
                     "2026-12-06 19:21:40.12", "2026-12-06T19:21:40.123456789", "2026-12-06 19:21:40Z", "2026-12-06 19:21:40.250+08:00",
                     "2024-02-29 00:00:00.000"]
        for form in forms {
            let read = try XCTUnwrap(DatabaseTimestamp.date(from: form.databaseValue), form)
            let grdb = try XCTUnwrap(Date.fromDatabaseValue(form.databaseValue), form)
            XCTAssertEqual(read.timeIntervalSince1970, grdb.timeIntervalSince1970, accuracy: 1e-6, form)
        }
        XCTAssertEqual(DatabaseTimestamp.date(from: 1_764_998_500.databaseValue)?.timeIntervalSince1970, 1_764_998_500)
        XCTAssertEqual(DatabaseTimestamp.date(from: 12.5.databaseValue)?.timeIntervalSince1970, 12.5)
        for junk in ["", "yesterday", "2026-12-06 10:00:00.", "2026-12-06 10:00:00.1x"] {
            XCTAssertNil(DatabaseTimestamp.date(from: junk.databaseValue), junk)
        }
        XCTAssertNil(DatabaseTimestamp.date(from: .null))
    }

    /// Records store their dates in GRDB's form and read them back, by hand (`init(row:)`) or
    /// through `Codable`, and a date bound into SQL compares as text with stored ones.
    func testRecordsRoundTripThroughASQLiteFile() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let member = try await fixture.team.members.add(name: "ada", displayName: "Ada", role: .member, password: "a long password 1",
                                                         by: StoreFixture.lead)
        let (token, _) = try await fixture.team.sessions.start(for: member, from: "10.0.0.2", replacing: nil)
        let stored = try await fixture.team.database.read { db in
            try String.fetchAll(db, sql: "SELECT createdAt FROM member UNION ALL SELECT expiresAt FROM session")
        }
        XCTAssertEqual(stored.count, 2)
        for text in stored { XCTAssertNotNil(text.wholeMatch(of: /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}/), text) }
        let resolved = try await fixture.team.sessions.resolve(token: token)
        XCTAssertEqual(resolved?.member.name, "ada")
        XCTAssertEqual(try XCTUnwrap(resolved?.member.createdAt).timeIntervalSince1970, member.createdAt.timeIntervalSince1970, accuracy: 0.001)
        let audit = try await fixture.team.audit.page()
        XCTAssertFalse(audit.isEmpty)
        for event in audit { XCTAssertLessThan(abs(event.at.timeIntervalSinceNow), 60) }
    }

    /// A date no calendar can write (a relay's endless `Retry-After` added to now) is stored as
    /// the nearest end of the years 1 to 9999 instead of stopping the server.
    func testEndlessDatesAreClampedNotFatal() {
        XCTAssertEqual(DatabaseTimestamp.text(of: Date(timeIntervalSince1970: .infinity)), "9999-12-31 23:59:59.999")
        XCTAssertEqual(DatabaseTimestamp.text(of: Date(timeIntervalSince1970: 1e300)), "9999-12-31 23:59:59.999")
        XCTAssertEqual(DatabaseTimestamp.text(of: Date(timeIntervalSince1970: -.infinity)), "0001-01-01 00:00:00.000")
        XCTAssertEqual(DatabaseTimestamp.text(of: Date(timeIntervalSince1970: .nan)), "1970-01-01 00:00:00.000")
        XCTAssertEqual(UTCCalendar.day(of: Date(timeIntervalSince1970: 1e18)), "9999-12-31")
    }

    func testUTCDaysMatchFoundationsCalendar() {
        for date in dates {
            let parts = Calendar.utc.dateComponents([.year, .month, .day], from: date)
            let expected = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
            XCTAssertEqual(UTCCalendar.day(of: date), expected, "\(date.timeIntervalSince1970)")
            XCTAssertEqual(UTCCalendar.date(day: expected), Calendar.utc.startOfDay(for: date), expected)
        }
        let today = Date(timeIntervalSince1970: 1_764_998_500)
        XCTAssertEqual(UTCCalendar.daysBetween(today, UTCCalendar.date(day: "2025-12-20")!), 14)
        XCTAssertEqual(UTCCalendar.daysBetween(today, UTCCalendar.date(day: "2025-12-06")!), 0)
        XCTAssertEqual(UTCCalendar.daysBetween(today, UTCCalendar.date(day: "2025-12-05")!), -1)
        XCTAssertNotNil(UTCCalendar.date(day: "2024-02-29"))
        for invalid in ["2023-02-29", "2024-1-01", "2024-01-1", "2024/01/01", "2024-00-10", "2024-04-31", "20240101xx"] {
            XCTAssertNil(UTCCalendar.date(day: invalid), invalid)
        }
    }

    /// A number stored in a date column by hand (±inf, 1e300) reads as the nearest date of the
    /// years 1–9999, like text dates, so durations computed from it cannot overflow.
    func testNumericDatesOutOfRangeAreClamped() throws {
        let latest = try XCTUnwrap(DatabaseTimestamp.date(from: Double.infinity.databaseValue))
        XCTAssertEqual(latest.timeIntervalSince1970, 253_402_300_799)
        let earliest = try XCTUnwrap(DatabaseTimestamp.date(from: (-1e300).databaseValue))
        XCTAssertEqual(earliest.timeIntervalSince1970, -62_135_596_800)
        XCTAssertEqual(DatabaseTimestamp.date(from: Int64.max.databaseValue)?.timeIntervalSince1970, 253_402_300_799)
        XCTAssertNil(DatabaseTimestamp.date(from: Double.nan.databaseValue))
        XCTAssertEqual(DatabaseTimestamp.date(from: 1_700_000_000.databaseValue)?.timeIntervalSince1970, 1_700_000_000)
    }
}
