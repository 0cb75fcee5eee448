/// Where a redirect may send the reader back to (`?next=`, the sign-in form's hidden `next`):
/// the one check for every such value, so no redirect can leave the site.
enum ReturnPath {
    /// `next` when it is a local absolute path, otherwise `/`: it starts with exactly one `/`
    /// not followed by `/` or `\` (either would make a browser read a host), and no byte below
    /// 0x20, no 0x7F and no `\` appears anywhere (browsers drop tabs and line breaks from a
    /// location, which turns `/<TAB>/evil.example` into `//evil.example`). Checked byte by byte:
    /// a CR LF pair is one `Character` and would slip past a check of characters. A path longer
    /// than `maximumBytes` goes home too (nginx refuses a response head that large).
    static func safe(_ next: String?) -> String {
        guard let next else { return "/" }
        let bytes = next.utf8
        guard bytes.first == UInt8(ascii: "/"), bytes.count <= maximumBytes else { return "/" }
        let second = bytes.dropFirst().first
        guard second != UInt8(ascii: "/"), second != UInt8(ascii: "\\"),
              !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\\") })
        else { return "/" }
        return next
    }

    static let maximumBytes = 2048
}
