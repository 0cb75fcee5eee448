/// Lower-case hexadecimal text of bytes (digests stored and compared as text).
///
/// Written out by hand because `String(format: "%02x")` costs about a microsecond a byte on
/// Linux, and a session's token digest is computed on every signed-in request.
extension Sequence<UInt8> {
    public var lowercaseHex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
