import Foundation

/// How times and amounts read on pages: times in UTC (the server's clock, the same for every
/// reader), amounts with as many decimals as they need. Written with integer arithmetic because
/// pages format thousands of these and `String(format:)`/`Calendar` are slow on Linux.
enum Formatting {
    /// `2026-11-24 21:05 UTC`.
    static func time(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSince1970: days)
        return "\(year)-\(twoDigits(month))-\(twoDigits(day)) \(twoDigits(rest / 3600)):\(twoDigits(rest % 3600 / 60)) UTC"
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

    /// Year, month and day of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
    static func civilDate(daysSince1970: Int) -> (year: Int, month: Int, day: Int) {
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
}
