import Foundation
import GRDB
import GRDBSQLite

/// The columns of the row a statement stands on, read straight from SQLite by position and
/// storage class. List pages read hundreds of values per request; GRDB's generic decoding looks
/// up type metadata for each one, which cost a third of the task list's time. A value of another
/// storage class than the column's reader expects is an error (`ColumnReadError`), never a crash.
///
/// Valid only while the statement stands on the row: use it inside `StatementColumns.rows`.
public struct StatementColumns {
    private let statement: OpaquePointer
    private let count: Int32

    private init(_ statement: OpaquePointer) {
        self.statement = statement
        self.count = sqlite3_column_count(statement)
    }

    /// Steps `statement` (bound with `arguments`) through its rows, reading each with `read`.
    /// The statement is left reset, so a cached statement holds no read lock between requests.
    public static func rows<Value>(of statement: Statement, arguments: StatementArguments,
                                   _ read: (StatementColumns) throws -> Value) throws -> [Value] {
        var values: [Value] = []
        // GRDB steps the statement (its error handling and interrupt checks stay in play); the
        // columns are read from the row it stands on.
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        let columns = StatementColumns(statement.sqliteStatement)
        while try cursor.next() != nil { values.append(try read(columns)) }
        return values
    }

    private func checked(_ index: Int) throws -> Int32 {
        guard index >= 0, index < Int(count) else { throw ColumnReadError(column: index) }
        return Int32(index)
    }

    /// Whether the column holds NULL.
    public func isNull(_ index: Int) throws -> Bool {
        sqlite3_column_type(statement, try checked(index)) == SQLITE_NULL
    }

    /// Text (or NULL as nil); any other storage class is an error.
    public func optionalText(_ index: Int) throws -> String? {
        let column = try checked(index)
        switch sqlite3_column_type(statement, column) {
        case SQLITE_NULL: return nil
        case SQLITE_TEXT:
            guard let bytes = sqlite3_column_text(statement, column) else { return "" }
            let length = Int(sqlite3_column_bytes(statement, column))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)
        default: throw ColumnReadError(column: index)
        }
    }

    /// Text that may not be NULL.
    public func text(_ index: Int) throws -> String {
        guard let text = try optionalText(index) else { throw ColumnReadError(column: index) }
        return text
    }

    /// An integer column that fits `Int`.
    public func integer(_ index: Int) throws -> Int {
        let column = try checked(index)
        guard sqlite3_column_type(statement, column) == SQLITE_INTEGER else { throw ColumnReadError(column: index) }
        return Int(sqlite3_column_int64(statement, column))
    }

    /// A 64-bit integer that may not be NULL.
    public func int64(_ index: Int) throws -> Int64 {
        guard let value = try optionalInt64(index) else { throw ColumnReadError(column: index) }
        return value
    }

    /// An optional 64-bit integer.
    public func optionalInt64(_ index: Int) throws -> Int64? {
        let column = try checked(index)
        switch sqlite3_column_type(statement, column) {
        case SQLITE_NULL: return nil
        case SQLITE_INTEGER: return sqlite3_column_int64(statement, column)
        default: throw ColumnReadError(column: index)
        }
    }

    /// A number (an integer read as a Double), or nil for NULL.
    public func optionalReal(_ index: Int) throws -> Double? {
        let column = try checked(index)
        switch sqlite3_column_type(statement, column) {
        case SQLITE_NULL: return nil
        case SQLITE_FLOAT: return sqlite3_column_double(statement, column)
        case SQLITE_INTEGER: return Double(sqlite3_column_int64(statement, column))
        default: throw ColumnReadError(column: index)
        }
    }

    /// A stored date (`DatabaseTimestamp`'s forms), or nil for NULL; unreadable text is an error.
    public func optionalDate(_ index: Int) throws -> Date? {
        let column = try checked(index)
        switch sqlite3_column_type(statement, column) {
        case SQLITE_NULL: return nil
        case SQLITE_TEXT:
            guard let bytes = sqlite3_column_text(statement, column),
                  let date = DatabaseTimestamp.date(parsingUTF8: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column))))
            else {
                // A form only GRDB reads (a time zone suffix): the slow path, once.
                return try dateThroughGRDB(index)
            }
            return date
        case SQLITE_INTEGER:
            return DatabaseTimestamp.date(from: sqlite3_column_int64(statement, column).databaseValue)
        case SQLITE_FLOAT:
            return DatabaseTimestamp.date(from: sqlite3_column_double(statement, column).databaseValue)
        default: throw ColumnReadError(column: index)
        }
    }

    /// A date that may not be NULL.
    public func date(_ index: Int) throws -> Date {
        guard let date = try optionalDate(index) else { throw ColumnReadError(column: index) }
        return date
    }

    private func dateThroughGRDB(_ index: Int) throws -> Date {
        guard let text = try optionalText(index), let date = DatabaseTimestamp.date(from: text.databaseValue) else {
            throw ColumnReadError(column: index)
        }
        return date
    }
}

/// A stored row whose column does not hold what its reader expects.
public struct ColumnReadError: Error, CustomStringConvertible {
    public let column: Int
    public var description: String { "column \(column) does not hold the expected value" }
}
