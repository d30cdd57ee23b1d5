import Foundation
import JSON

/// A value bound to a statement parameter.
enum SQLiteValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// A Swift value that can be bound to a statement parameter.
protocol SQLiteBindable {
    /// The value SQLite stores for `self`.
    var sqliteValue: SQLiteValue { get }
}

extension SQLiteValue: SQLiteBindable {
    var sqliteValue: SQLiteValue { self }
}

extension String: SQLiteBindable {
    var sqliteValue: SQLiteValue { .text(self) }
}

extension Int: SQLiteBindable {
    var sqliteValue: SQLiteValue { .integer(Int64(self)) }
}

extension Int64: SQLiteBindable {
    var sqliteValue: SQLiteValue { .integer(self) }
}

extension Int32: SQLiteBindable {
    var sqliteValue: SQLiteValue { .integer(Int64(self)) }
}

extension Bool: SQLiteBindable {
    var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }
}

extension Double: SQLiteBindable {
    var sqliteValue: SQLiteValue { .real(self) }
}

/// Times are stored as integer milliseconds since the Unix epoch.
extension Date: SQLiteBindable {
    var sqliteValue: SQLiteValue { .integer(millisecondsSinceEpoch) }
}

/// JSON is stored as its canonical text (`JSONValue.null` is the text `null`, not SQL NULL).
extension JSONValue: SQLiteBindable {
    var sqliteValue: SQLiteValue { .text(canonicalText) }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    var sqliteValue: SQLiteValue { self?.sqliteValue ?? .null }
}

extension Date {
    /// Whole milliseconds since the Unix epoch (rounded down), as stored.
    var millisecondsSinceEpoch: Int64 {
        Int64((timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The time `milliseconds` after the Unix epoch.
    init(millisecondsSinceEpoch milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// The date as the store keeps it (whole milliseconds): what a record read back holds.
    public var asStored: Date { Date(millisecondsSinceEpoch: millisecondsSinceEpoch) }
}
