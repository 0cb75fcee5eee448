import Foundation

/// A position in a gallery list (ordered by output id, the order outputs were kept in), bound
/// to the member it was made for.
///
/// In a link it is `token`: base64url (no padding) of `"<output id>:<member id>"`. A cursor that
/// does not read back (`init(token:)` answers nil) or that another member's page made
/// (`memberID` differs from the viewer's) is refused by the page with a 400 naming the field:
/// a link is never taken as a position in someone else's list.
public struct GalleryCursor: Sendable, Hashable {
    public let outputID: Int64
    public let memberID: Int64

    public init(outputID: Int64, memberID: Int64) {
        self.outputID = outputID
        self.memberID = memberID
    }

    /// Reads a cursor from a link; nil when it is not base64url of `output:member`, both positive.
    public init?(token: String) {
        guard !token.isEmpty, token.utf8.count <= 64,
              token.utf8.allSatisfy({ $0.isGalleryTokenDigit }) else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let outputID = Int64(parts[0]), outputID > 0, let memberID = Int64(parts[1]), memberID > 0 else { return nil }
        self.outputID = outputID
        self.memberID = memberID
    }

    /// The cursor as a link carries it.
    public var token: String {
        Data("\(outputID):\(memberID)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

private extension UInt8 {
    /// base64url's digits.
    var isGalleryTokenDigit: Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || self == UInt8(ascii: "-") || self == UInt8(ascii: "_")
    }
}
