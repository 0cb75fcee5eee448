import Synchronization

/// Builds CSV (RFC 4180) a row at a time. Cells that a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, tab or CR) get a leading `'`.
final class CSVCollector: Sendable {
    private let buffer = Mutex<[UInt8]>(Array("\u{FEFF}".utf8))

    func append(_ cells: [String]) {
        let line = cells.map(Self.escape).joined(separator: ",") + "\r\n"
        buffer.withLock { $0.append(contentsOf: line.utf8) }
    }

    var bytes: [UInt8] { buffer.withLock { $0 } }

    static func escape(_ cell: String) -> String {
        var text = cell
        if let first = text.first, "=+-@\t\r".contains(first), Double(text) == nil { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
