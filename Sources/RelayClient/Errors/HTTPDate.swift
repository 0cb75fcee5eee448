import Foundation

/// Reads the date form of HTTP's `Retry-After` (RFC 9110 §5.6.7, IMF-fixdate:
/// `Sun, 06 Nov 1994 08:49:37 GMT`).
///
/// Written by hand because `DateFormatter` loads ICU (about 4 MiB that stay resident) for a header
/// relays seldom send in this form; the fields are checked here and the date itself is made by
/// `Date.ISO8601FormatStyle`, which needs no ICU.
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// The date, or nil when the text is not an IMF-fixdate in GMT/UTC.
    static func parse(_ text: String) -> Date? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 6, words[0].hasSuffix(","),
              ["gmt", "utc"].contains(words[5].lowercased()),
              (1...2).contains(words[1].count), isDigits(words[1]), let day = Int(words[1]),
              let month = months.firstIndex(of: words[2].lowercased()),
              words[3].count == 4, isDigits(words[3]),
              isClock(words[4])
        else { return nil }
        let iso = "\(words[3])-\(twoDigits(month + 1))-\(twoDigits(day))T\(words[4])Z"
        let style = Date.ISO8601FormatStyle()
        // The style rolls 31 Feb over into March; a date that does not format back is no date.
        guard let date = try? style.parse(iso), style.format(date) == iso else { return nil }
        return date
    }

    private static func isClock(_ word: Substring) -> Bool {
        let parts = word.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { $0.count == 2 && isDigits($0) }
    }

    private static func isDigits(_ word: Substring) -> Bool {
        !word.isEmpty && word.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
