import Foundation

/// Calendar arithmetic in UTC on the proleptic Gregorian calendar, with integers only.
///
/// Foundation's `Calendar`, `TimeZone(identifier:)` and `DateFormatter` go through ICU on
/// Linux: loading it keeps about 4 MiB of its code and data resident and costs microseconds per
/// date. Atelier only ever needs UTC days and times, which this computes exactly.
public enum UTCCalendar {
    /// A moment split into its UTC fields.
    public struct Fields: Sendable, Equatable {
        public var year: Int, month: Int, day: Int
        public var hour: Int, minute: Int, second: Int, millisecond: Int
    }

    /// The UTC fields of a date, its fraction of a millisecond dropped, or rounded half up when
    /// `nearestMillisecond` (as GRDB's date formatter does). Dates outside the years 1 to 9999
    /// (an infinite one included) are taken as the nearest end of that range.
    public static func fields(of date: Date, nearestMillisecond: Bool = false) -> Fields {
        let milliseconds = millisecondsSince1970(date, nearest: nearestMillisecond)
        let (days, millisecondOfDay) = floorDivision(milliseconds, 86_400_000)
        let (year, month, day) = civilDate(daysSince1970: days)
        let secondOfDay = millisecondOfDay / 1000
        return Fields(year: year, month: month, day: day, hour: secondOfDay / 3600, minute: secondOfDay % 3600 / 60,
                      second: secondOfDay % 60, millisecond: millisecondOfDay % 1000)
    }

    /// 0001-01-01 00:00:00.000 and 9999-12-31 23:59:59.999, in milliseconds since 1970.
    private static let firstMillisecond = -62_135_596_800_000.0
    private static let lastMillisecond = 253_402_300_799_999.0

    /// The UTC day of a date, as `yyyy-MM-dd`.
    public static func day(of date: Date) -> String {
        let fields = fields(of: date)
        var text: [UInt8] = []
        text.reserveCapacity(10)
        appendDay(year: fields.year, month: fields.month, day: fields.day, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Midnight UTC of that day, or nil when the day does not exist (`2027-02-30`).
    public static func date(year: Int, month: Int, day: Int) -> Date? {
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(daysSince1970(year: year, month: month, day: day) * 86_400))
    }

    /// Midnight UTC of a `yyyy-MM-dd` day, nil unless the text is exactly such a day and it exists.
    public static func date(day text: String) -> Date? {
        var text = text
        return text.withUTF8 { $0.count == 10 ? midnight(ofDayIn: $0) : nil }
    }

    /// Midnight UTC of the `yyyy-MM-dd` day in the first ten bytes.
    static func midnight(ofDayIn bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count >= 10, let year = number(in: bytes, from: 0, count: 4), bytes[4] == UInt8(ascii: "-"),
              let month = number(in: bytes, from: 5, count: 2), bytes[7] == UInt8(ascii: "-"),
              let day = number(in: bytes, from: 8, count: 2)
        else { return nil }
        return date(year: year, month: month, day: day)
    }

    /// The decimal number in `count` bytes from `start`, nil unless they are all digits.
    static func number(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> Int? {
        guard count > 0, start + count <= bytes.count else { return nil }
        var value = 0
        for index in start..<(start + count) {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value &* 10 &+ Int(digit)
        }
        return value
    }

    /// Whole days from the UTC day of `start` to the UTC day of `end` (negative when `end` is earlier).
    public static func daysBetween(_ start: Date, _ end: Date) -> Int {
        dayNumber(of: end) - dayNumber(of: start)
    }

    /// Days since 1970-01-01 of the UTC day of a date.
    static func dayNumber(of date: Date) -> Int {
        floorDivision(millisecondsSince1970(date, nearest: false), 86_400_000).quotient
    }

    /// Whole milliseconds since 1970 (the fraction dropped, or rounded half up), within the years 1 to 9999.
    private static func millisecondsSince1970(_ date: Date, nearest: Bool) -> Int {
        let exact = date.timeIntervalSince1970 * 1000 + (nearest ? 0.5 : 0)
        return exact.isNaN ? 0 : Int(min(max(exact, firstMillisecond), lastMillisecond).rounded(.down))
    }

    /// Year, month and day of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
    public static func civilDate(daysSince1970: Int) -> (year: Int, month: Int, day: Int) {
        let z = daysSince1970 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days since 1970-01-01 of a civil date (H. Hinnant's `days_from_civil`).
    public static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `yyyy-MM-dd` onto the end of `text`.
    public static func appendDay(year: Int, month: Int, day: Int, to text: inout [UInt8]) {
        appendDigits(year, count: 4, to: &text)
        text.append(UInt8(ascii: "-"))
        appendDigits(month, count: 2, to: &text)
        text.append(UInt8(ascii: "-"))
        appendDigits(day, count: 2, to: &text)
    }

    /// A number with leading zeros up to `count` digits (a negative one is written as 0: years
    /// before the common era are not shown).
    public static func appendDigits(_ value: Int, count: Int, to text: inout [UInt8]) {
        let value = max(0, value)
        var divisor = 1
        for _ in 0..<max(0, count - 1) { divisor *= 10 }
        while value / divisor >= 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            text.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    private static func floorDivision(_ value: Int, _ divisor: Int) -> (quotient: Int, remainder: Int) {
        let quotient = value >= 0 ? value / divisor : (value - divisor + 1) / divisor
        return (quotient, value - quotient * divisor)
    }
}
