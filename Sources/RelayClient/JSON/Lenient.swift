import Foundation

/// The tolerant readings of PROTOCOLS §8.1 that every family shares.
enum Lenient {
    /// Progress 0–100 from `"45%"`, `45`, `"45"`, `0.45` (a fraction, as Runway sends) or `""`.
    /// - Parameter fraction: true when the field is known to be a 0–1 fraction.
    static func progress(_ value: JSONValue, fraction: Bool = false) -> Int? {
        let d: Double
        var isPercentText = false
        switch value {
        case .number(let n):
            guard let parsed = Double(n) else { return nil }
            d = parsed
        case .string(let s):
            guard let parsed = TextScan.number(in: s) else { return nil }
            d = parsed.value
            isPercentText = parsed.isPercent
        default:
            return nil
        }
        guard d.isFinite else { return nil }
        let percent = (fraction || (!isPercentText && d > 0 && d < 1)) ? d * 100 : d
        return Int(min(100, max(0, percent)).rounded())
    }

    /// A time from Unix seconds, Unix milliseconds (anything past year 5138 in seconds is taken
    /// as ms), a numeric string, or an ISO-8601 string. Zero and `""` mean absent, and so does a
    /// number past the year 9999 (an infinite date cannot be stored or encoded).
    static func date(_ value: JSONValue) -> Date? {
        switch value {
        case .number, .string:
            if let d = value.double {
                guard d > 0, d.isFinite else { return nil }
                let seconds = d > 1e11 ? d / 1000 : d
                guard seconds <= 253_402_300_799 else { return nil }
                return Date(timeIntervalSince1970: seconds)
            }
            guard let text = value.string else { return nil }
            return iso8601(text)
        default:
            return nil
        }
    }

    static func iso8601(_ text: String) -> Date? {
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        if let d = try? withFraction.parse(text) { return d }
        if let d = try? Date.ISO8601FormatStyle().parse(text) { return d }
        // Timestamps without a zone ("2024-12-22T13:38:40.139409") are UTC in the sources seen.
        if !text.hasSuffix("Z"), !text.contains("+") {
            if let d = try? withFraction.parse(text + "Z") { return d }
            if let d = try? Date.ISO8601FormatStyle().parse(text + "Z") { return d }
        }
        return nil
    }

    /// A duration in seconds from `5`, `"5.1"`, `"5s"`; nil for none, a negative or an infinite one.
    static func seconds(_ value: JSONValue) -> Double? {
        if let d = value.double { return d > 0 && d.isFinite ? d : nil }
        guard var text = value.string else { return nil }
        if text.hasSuffix("s") { text.removeLast() }
        return Double(text).flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
    }
}
