import AtelierStore
import Foundation

/// How times and amounts read on pages: times in UTC (the server's clock, the same for every
/// reader), amounts with as many decimals as they need. Written with integer arithmetic because
/// pages format thousands of these and `String(format:)`/`Calendar` are slow on Linux.
enum Formatting {
    /// `2026-11-24 21:05 UTC` (`MinuteTime` writes it into pages without a String).
    static func time(_ date: Date) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(20)
        MinuteTime.append(date, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// `2026-11-24T21:05:09Z`, as Foundation's `ISO8601DateFormatter` writes it (the time to the
    /// nearest millisecond, shown to the second), for CSV exports (`ISOTime` for pages).
    static func iso8601(_ date: Date) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(20)
        ISOTime.append(date, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Up to 4 decimals under 100 and 2 from 100 on, trailing zeros dropped: `0.58`, `37.5`, `1200`.
    static func amount(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        let decimals = abs(value) >= 100 ? 2 : 4
        let scale = decimals == 2 ? 100 : 10_000
        let scaled = (abs(value) * Double(scale)).rounded()
        guard scaled < 9e15 else { return String(value) }
        let whole = Int(scaled) / scale
        var fraction = Int(scaled) % scale
        var digits = decimals
        while digits > 0, fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        let sign = value < 0 && Int(scaled) != 0 ? "-" : ""
        guard digits > 0 else { return sign + String(whole) }
        let fractionText = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
    }

    /// How much of `whole` `part` is, in whole percent from 0 to 100, for meters and shares. Any
    /// pair of stored amounts gives an answer: a zero or tiny `whole` is all spent, and no
    /// division result (infinite, NaN) ever reaches an integer conversion.
    static func percent(_ part: Double, of whole: Double) -> Int {
        guard whole.isFinite, whole > 0 else { return whole == .infinity ? 0 : 100 }
        guard part.isFinite else { return part == -.infinity ? 0 : 100 }
        guard part > 0 else { return 0 }
        let ratio = part / whole * 100
        guard ratio.isFinite, ratio < 100 else { return 100 }
        return Int(ratio.rounded())
    }

    /// A size in binary units, one decimal where it is not whole: `512 bytes`, `1.5 KiB`, `20 MiB`.
    /// (Foundation's `ByteCountFormatter` would load ICU, about 4 MiB, for the one 413 page.)
    static func byteCount(_ bytes: Int) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB"]
        guard bytes >= 1024 else { return "\(bytes) bytes" }
        var value = Double(bytes) / 1024
        var unit = 0
        while (value * 10).rounded() >= 10240, unit < units.count - 1 { value /= 1024; unit += 1 }
        let tenths = (value * 10).rounded()
        let text = tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : oneDecimal(value)
        return text + " " + units[unit]
    }

    /// A file's size as people read it, in decimal units: `812 bytes`, `188 KB`, `1.4 MB`, `12 MB`,
    /// `2.1 GB` (whole kilobytes; one decimal under 10 of a larger unit).
    static func fileSize(_ bytes: Int64) -> String {
        guard bytes >= 1000 else { return "\(max(0, bytes)) bytes" }
        let units = ["KB", "MB", "GB", "TB"]
        var value = Double(bytes) / 1000
        var unit = 0
        while value.rounded() >= 1000, unit < units.count - 1 { value /= 1000; unit += 1 }
        if unit == 0 || value.rounded() >= 10 { return String(oneDecimal(value.rounded()).dropLast(2)) + " " + units[unit] }
        let text = oneDecimal(value)
        return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + " " + units[unit]
    }

    /// A media length or an elapsed time as a clock shows it: `0:07`, `2:31`, `1:02:05`.
    static func clock(seconds: Int) -> String {
        let seconds = max(0, seconds)
        let minutes = seconds / 60 % 60, hours = seconds / 3600
        let tail = twoDigits(seconds % 60)
        return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(tail)" : "\(minutes):\(tail)"
    }

    /// One decimal for coordinates: `12.3`.
    static func oneDecimal(_ value: Double) -> String {
        var out: [UInt8] = []
        appendOneDecimal(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `oneDecimal` written onto the end of `out` (charts append thousands of coordinates).
    static func appendOneDecimal(_ value: Double, to out: inout [UInt8]) {
        let scaled = (value * 10).rounded()
        guard scaled.isFinite, abs(scaled) < 1e15 else {
            out.append(contentsOf: String(value).utf8)
            return
        }
        let tenths = Int(scaled)
        if tenths < 0 { out.append(UInt8(ascii: "-")) }
        appendDigits(abs(tenths) / 10, to: &out)
        out.append(UInt8(ascii: "."))
        out.append(UInt8(ascii: "0") + UInt8(abs(tenths) % 10))
    }

    private static func appendDigits(_ value: Int, to out: inout [UInt8]) {
        if value >= 10 { appendDigits(value / 10, to: &out) }
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0" + String(value) : String(value) }
}
