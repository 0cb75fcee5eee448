import Foundation

/// A position in a task list (newest first, ties broken by id): the `createdAt`, to the
/// millisecond as the database keeps it, and the id of a row.
///
/// In a link it is `token`: base64url (no padding) of `"<milliseconds since 1970>:<id>"`. It is
/// a position, not a permission: the list is filtered by the viewer's scope whatever the
/// cursor says, so an edited or another member's cursor only moves where the page starts.
/// Anything that does not read back as a position (`init(token:)` answers nil) is refused by
/// the page with a 400 naming the field.
public struct TaskCursor: Sendable, Hashable {
    public let milliseconds: Int64
    public let id: String

    /// Up to the year 9999, as `DatabaseTimestamp` writes dates.
    static let millisecondRange: ClosedRange<Int64> = 0...253_402_300_799_999
    /// Task ids are UUIDs; 64 bytes leaves room and bounds the work of reading a cursor.
    static let maximumIDLength = 64

    public init(createdAt: Date, id: String) {
        let milliseconds = (createdAt.timeIntervalSince1970 * 1000).rounded()
        self.milliseconds = Int64(exactly: milliseconds).map { min(max($0, Self.millisecondRange.lowerBound), Self.millisecondRange.upperBound) } ?? 0
        self.id = id
    }

    /// Reads a cursor from a link; nil when it is not base64url of `milliseconds:id` with both in range.
    public init?(token: String) {
        guard !token.isEmpty, token.utf8.count <= 120,
              token.utf8.allSatisfy({ $0.isBase64URLDigit }) else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let milliseconds = Int64(parts[0]), Self.millisecondRange.contains(milliseconds),
              !parts[1].isEmpty, parts[1].utf8.count <= Self.maximumIDLength,
              parts[1].utf8.allSatisfy({ $0.isBase64URLDigit }) else { return nil }
        self.milliseconds = milliseconds
        self.id = String(parts[1])
    }

    /// The cursor as a link carries it.
    public var token: String {
        var digits: [UInt8] = []
        for digit in Data("\(milliseconds):\(id)".utf8).base64EncodedData() {
            switch digit {
            case UInt8(ascii: "+"): digits.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): digits.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: digits.append(digit)
            }
        }
        return String(decoding: digits, as: UTF8.self)
    }

    /// The moment, as the database compares it.
    var timestamp: DatabaseTimestamp { DatabaseTimestamp(Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)) }
}

private extension UInt8 {
    /// A-Z, a-z, 0-9, `-` and `_`: base64url's digits, and every character of a task id.
    var isBase64URLDigit: Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || self == UInt8(ascii: "-") || self == UInt8(ascii: "_")
    }
}
