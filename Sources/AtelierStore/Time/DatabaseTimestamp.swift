import Foundation
import GRDB

/// A date as the database keeps it: GRDB's text form, `yyyy-MM-dd HH:mm:ss.SSS` in UTC, written
/// and read with `UTCCalendar`'s integer arithmetic instead of GRDB's `DateFormatter` and
/// `Calendar` (which load ICU). The text is the same, so rows written either way read the same.
///
/// Records take it through `TimestampedRecord`; a date bound into SQL is wrapped
/// (`Column("expiresAt") < DatabaseTimestamp(now)`), and a row read by hand is read with
/// `row.timestamp("createdAt")`.
public struct DatabaseTimestamp: DatabaseValueConvertible, Sendable, Hashable {
    public let date: Date

    public init(_ date: Date) { self.date = date }

    public var databaseValue: DatabaseValue { Self.text(of: date).databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> DatabaseTimestamp? {
        date(from: dbValue).map(DatabaseTimestamp.init)
    }

    /// `2026-12-06 19:21:40.123`, to the nearest millisecond.
    public static func text(of date: Date) -> String {
        let fields = UTCCalendar.fields(of: date, nearestMillisecond: true)
        var text: [UInt8] = []
        text.reserveCapacity(23)
        UTCCalendar.appendDay(year: fields.year, month: fields.month, day: fields.day, to: &text)
        text.append(UInt8(ascii: " "))
        UTCCalendar.appendDigits(fields.hour, count: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        UTCCalendar.appendDigits(fields.minute, count: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        UTCCalendar.appendDigits(fields.second, count: 2, to: &text)
        text.append(UInt8(ascii: "."))
        UTCCalendar.appendDigits(fields.millisecond, count: 3, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// A stored date: GRDB's text forms `yyyy-MM-dd`, `yyyy-MM-dd HH:mm:ss` and
    /// `yyyy-MM-dd HH:mm:ss.SSS` (with a space or a `T`) are read here; a number is seconds since
    /// 1970; any other text (a time zone suffix, a time without a day) is left to GRDB.
    public static func date(from value: DatabaseValue) -> Date? {
        /// A number stored by hand (±inf, 1e300) read as the nearest date of the years 1–9999,
        /// as text dates are, so no later arithmetic on it can overflow.
        func clamped(_ seconds: TimeInterval) -> TimeInterval { min(max(seconds, -62_135_596_800), 253_402_300_799) }
        switch value.storage {
        case .int64(let seconds): return Date(timeIntervalSince1970: clamped(TimeInterval(seconds)))
        case .double(let seconds): return seconds.isNaN ? nil : Date(timeIntervalSince1970: clamped(seconds))
        case .string(let text): return date(parsing: text) ?? Date.fromDatabaseValue(value)
        case .null, .blob: return nil
        }
    }

    private static func date(parsing text: String) -> Date? {
        var text = text
        return text.withUTF8 { date(parsingUTF8: $0) }
    }

    /// A date in one of GRDB's text forms, from its UTF-8 bytes; nil for any other text.
    static func date(parsingUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count == 10 || bytes.count == 19 || bytes.count >= 21,
              let midnight = UTCCalendar.midnight(ofDayIn: bytes)
        else { return nil }
        guard bytes.count > 10 else { return midnight }
        let number = { UTCCalendar.number(in: bytes, from: $0, count: $1) }
        guard bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"),
              let hour = number(11, 2), hour < 24, bytes[13] == UInt8(ascii: ":"),
              let minute = number(14, 2), minute < 60, bytes[16] == UInt8(ascii: ":"),
              let second = number(17, 2), second < 60
        else { return nil }
        var milliseconds = 0
        if bytes.count > 19 {
            // A fraction of any length; digits past the third are dropped, as GRDB does.
            guard bytes[19] == UInt8(ascii: "."), bytes[20...].allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else { return nil }
            let digits = min(3, bytes.count - 20)
            guard let fraction = number(20, digits) else { return nil }
            milliseconds = fraction * (digits == 1 ? 100 : digits == 2 ? 10 : 1)
        }
        let seconds = midnight.timeIntervalSince1970 + TimeInterval(hour * 3600 + minute * 60 + second)
        return Date(timeIntervalSince1970: seconds + TimeInterval(milliseconds) / 1000)
    }
}

/// A record whose `Date` properties are stored and read through `DatabaseTimestamp`.
public protocol TimestampedRecord: FetchableRecord, EncodableRecord {}

extension TimestampedRecord {
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .custom { DatabaseTimestamp.date(from: $0) }
    }

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .custom { DatabaseTimestamp($0) }
    }
}

extension Row {
    /// The date in a column read by hand (`init(row:)`); throws when it is missing or unreadable.
    public func timestamp(_ column: String) throws -> Date {
        guard let date = DatabaseTimestamp.date(from: self[column] as DatabaseValue) else {
            throw TimestampDecodingError.unreadableDate(column: column)
        }
        return date
    }

    /// The date in a nullable column, nil for NULL.
    public func optionalTimestamp(_ column: String) throws -> Date? {
        let value: DatabaseValue = self[column]
        if value.isNull { return nil }
        return try timestamp(column)
    }
}

/// A stored date that is neither text in GRDB's forms nor a number.
public enum TimestampDecodingError: Error, CustomStringConvertible {
    case unreadableDate(column: String)

    public var description: String {
        switch self {
        case .unreadableDate(let column): "the column \(column) does not hold a date"
        }
    }
}
