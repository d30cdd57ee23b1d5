import CSQLite
import Foundation

/// The current row of a statement being stepped; valid only inside the closure it is passed to.
struct Row {
    /// The statement whose current row this is.
    let statement: Statement

    private var handle: OpaquePointer { statement.handle }

    /// Whether column `index` (0-based) is SQL NULL.
    func isNull(_ index: Int) -> Bool {
        sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL
    }

    /// Column `index` as an integer (0 for NULL).
    func int64(_ index: Int) -> Int64 {
        sqlite3_column_int64(handle, Int32(index))
    }

    /// Column `index` as an `Int` (0 for NULL).
    func int(_ index: Int) -> Int {
        Int(sqlite3_column_int64(handle, Int32(index)))
    }

    /// Column `index` as an integer, `nil` for NULL.
    func optionalInt64(_ index: Int) -> Int64? {
        isNull(index) ? nil : int64(index)
    }

    /// Column `index` as an `Int`, `nil` for NULL.
    func optionalInt(_ index: Int) -> Int? {
        isNull(index) ? nil : int(index)
    }

    /// Column `index` as a boolean (non-zero is true).
    func bool(_ index: Int) -> Bool {
        int64(index) != 0
    }

    /// Column `index` as text, `nil` for NULL.
    func text(_ index: Int) -> String? {
        // sqlite3_column_text is nil for NULL; read the length after the text (SQLite's rule).
        guard let bytes = sqlite3_column_text(handle, Int32(index)) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// Column `index` as a time stored in milliseconds, `nil` for NULL.
    func date(_ index: Int) -> Date? {
        optionalInt64(index).map(Date.init(millisecondsSinceEpoch:))
    }
}
