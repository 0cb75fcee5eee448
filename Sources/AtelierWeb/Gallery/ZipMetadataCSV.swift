import AtelierStore
import Foundation

/// The `metadata.csv` of a ZIP download: a header and one row per file (prompt, model, provider,
/// member, cost, time, file name), escaped like the usage export (`CSVCollector`: a cell a
/// spreadsheet would run as a formula gets a leading `'`). Its rows are rendered twice, once to
/// measure and once while streaming, so it is never held whole as bytes.
struct ZipMetadataCSV: Sendable {
    private let rows: [[String]]
    let byteCount: Int64

    static let header = ["prompt", "model", "provider", "member", "cost", "time", "file name"]

    init(rows entries: [(entry: ZipDownloadEntry, name: String)]) {
        rows = entries.map { entry, name in
            [entry.prompt, entry.model, entry.provider, entry.member, entry.cost, Self.text(of: entry.time), name]
        }
        var count = Int64(Self.byteOrderMark.count + Self.line(Self.header).utf8.count)
        for row in rows { count += Int64(Self.line(row).utf8.count) }
        byteCount = count
    }

    /// Calls `body` with the file's bytes in order, a line (or the byte-order mark) at a time.
    func forEachPiece(_ body: ([UInt8]) async throws -> Void) async throws {
        try await body(Self.byteOrderMark)
        try await body(Array(Self.line(Self.header).utf8))
        for row in rows { try await body(Array(Self.line(row).utf8)) }
    }

    /// So that spreadsheets read the file as UTF-8 (Chinese prompts).
    private static let byteOrderMark = Array("\u{FEFF}".utf8)

    private static func line(_ cells: [String]) -> String {
        cells.map(CSVCollector.escape).joined(separator: ",") + "\r\n"
    }

    /// `2026-12-07T19:30:05Z`.
    static func text(of date: Date) -> String {
        let f = UTCCalendar.fields(of: date)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = String(f.year)
        return "\(String(repeating: "0", count: max(0, 4 - year.count)))\(year)-\(two(f.month))-\(two(f.day))T\(two(f.hour)):\(two(f.minute)):\(two(f.second))Z"
    }
}
