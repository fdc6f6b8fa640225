import GRDB
import GRDBSQLite

/// A GRDB prepared statement driven through the SQLite C API, for the hot
/// loops (load, merge, export) that run one statement per operation.
///
/// GRDB's `StatementArguments` box every argument as a `DatabaseValue`, which
/// costs more than the SQLite work on these small statements
/// (`Tools/bench/RESULTS.md`). This binds and reads columns directly. It keeps the GRDB
/// statement alive, so the statement is finalised by GRDB, and must only be
/// used inside the GRDB access (`write`/`read`) that made it.
///
/// Binding indexes are 1-based, column indexes 0-based, as in the C API.
struct FastStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer?

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
    }

    /// SQLite copies text and blobs bound with this destructor.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }

    func bind(_ index: Int32, _ value: Bool) { sqlite3_bind_int64(handle, index, value ? 1 : 0) }

    func bind(_ index: Int32, _ value: String?) {
        guard var value else { sqlite3_bind_null(handle, index); return }
        value.withUTF8 { utf8 in
            _ = sqlite3_bind_text(handle, index, utf8.baseAddress, Int32(utf8.count), Self.transient)
        }
    }

    func bind(_ index: Int32, _ value: FactValue?) {
        switch value {
        case nil: sqlite3_bind_null(handle, index)
        case .text(let s)?: bind(index, s)
        case .integer(let i)?: sqlite3_bind_int64(handle, index, i)
        case .real(let d)?: sqlite3_bind_double(handle, index, d)
        // A blob, so that no text value reads back as an object (m005_claims.sql).
        case .object(let o)?:
            var json = o.json
            json.withUTF8 { utf8 in
                _ = sqlite3_bind_blob(handle, index, utf8.baseAddress, Int32(utf8.count), Self.transient)
            }
        }
    }

    func bind(_ index: Int32, blob: [UInt8]?) {
        guard let blob else { sqlite3_bind_null(handle, index); return }
        blob.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), Self.transient)
        }
    }

    /// Runs the statement to its next row: true when a row is ready, false when done.
    ///
    /// - Throws: `DatabaseError` with SQLite's code and message.
    @discardableResult
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        let message = String(cString: sqlite3_errmsg(connection))
        sqlite3_reset(handle)
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }

    /// Runs a statement that returns no rows, then resets it; returns the rows it changed.
    @discardableResult
    func execute() throws -> Int {
        defer { sqlite3_reset(handle) }
        try step()
        return Int(sqlite3_changes(connection))
    }

    /// Makes the statement ready to run again (bindings are kept until rebound).
    func reset() { sqlite3_reset(handle) }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    /// Whether the column is NULL (an outer join's missing row).
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func string(_ column: Int32) -> String? {
        guard let text = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// The column as a fact value: an object from a blob of its canonical JSON text; nil for NULL
    /// and for a blob that holds no object value.
    func factValue(_ column: Int32) -> FactValue? {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, column))
        case SQLITE_TEXT: return string(column).map(FactValue.text)
        case SQLITE_BLOB: return withBlob(column) { try? FactObject(json: $0) }.map(FactValue.object)
        default: return nil
        }
    }

    /// The column as a fact value with its text, or an object's canonical JSON text, lent in place
    /// (valid until the next step or reset); nil for NULL.
    func factValueBytes(_ column: Int32) -> FactValueBytes? {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, column))
        case SQLITE_TEXT:
            let text = sqlite3_column_text(handle, column)
            return .text(UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, column))))
        case SQLITE_BLOB:
            return withBlob(column) { .object($0.assumingMemoryBound(to: UInt8.self)) }
        default: return nil
        }
    }

    /// Calls `body` with the column's text as UTF-8 (nil for NULL).
    func withText<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>?) throws -> T) rethrows -> T {
        guard let text = sqlite3_column_text(handle, column) else { return try body(nil) }
        return try body(UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, column))))
    }

    /// Calls `body` with the column's bytes (empty for NULL).
    func withBlob<T>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let pointer = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return try body(UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : count))
    }
}
