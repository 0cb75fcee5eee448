import AtelierStore
import Foundation
import TemplateRuntime

/// A time as pages show it, `2026-11-24 21:05 UTC` (`Formatting.time`), written into the page
/// without a `String` of its own: list pages print one per row.
struct MinuteTime: TemplateValue {
    let date: Date

    func write(escapedInto buffer: inout HTMLBuffer) { write(rawInto: &buffer) }

    func write(rawInto buffer: inout HTMLBuffer) { Self.append(date, to: &buffer.bytes) }

    /// The text's bytes onto the end of `bytes`.
    static func append(_ date: Date, to bytes: inout [UInt8]) {
        let fields = UTCCalendar.fields(of: date)
        UTCCalendar.appendDay(year: fields.year, month: fields.month, day: fields.day, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        UTCCalendar.appendDigits(fields.hour, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        UTCCalendar.appendDigits(fields.minute, count: 2, to: &bytes)
        bytes.append(contentsOf: " UTC".utf8)
    }
}

/// A time in ISO 8601 to the second, `2026-11-24T21:05:09Z` (`Formatting.iso8601`), for
/// `<time datetime>`, written the same way.
struct ISOTime: TemplateValue {
    let date: Date

    func write(escapedInto buffer: inout HTMLBuffer) { write(rawInto: &buffer) }

    func write(rawInto buffer: inout HTMLBuffer) { Self.append(date, to: &buffer.bytes) }

    /// The text's bytes onto the end of `bytes`.
    static func append(_ date: Date, to bytes: inout [UInt8]) {
        let fields = UTCCalendar.fields(of: date, nearestMillisecond: true)
        UTCCalendar.appendDay(year: fields.year, month: fields.month, day: fields.day, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        UTCCalendar.appendDigits(fields.hour, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        UTCCalendar.appendDigits(fields.minute, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        UTCCalendar.appendDigits(fields.second, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
    }
}
