/// Rewrites the few JSON texts libyaml reads differently from a JSON parser, keeping positions exact.
///
/// libyaml (YAML 1.1) refuses two things JSON allows:
/// - a `\uD83D\uDE00` surrogate pair escape: it becomes `\U0001F600`, which YAML reads as the same character;
/// - an object key that is longer than 1024 characters, or whose `:` is on a later line (YAML's
///   "simple key" limits): the key gets YAML's explicit-key indicator `? ` in front of it.
/// Each rewrite is recorded in a `ColumnMap`, so every position libyaml reports is turned back into
/// the line and column of the original text.
struct JSONCompatibility {
    /// The text handed to libyaml.
    var bytes: [UInt8]
    /// How columns of `bytes` map back to the original text.
    var columns: ColumnMap

    /// Simple keys longer than this (in characters, quotes included) get `? `; libyaml's limit is 1024.
    static let longKeyLimit = 1000

    /// Whether `bytes` looks like a JSON document: its first significant byte opens an object or array.
    static func looksLikeJSON(_ bytes: [UInt8]) -> Bool {
        var i = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            case UInt8(ascii: "{"), UInt8(ascii: "["): return true
            default: return false
            }
        }
        return false
    }

    /// Scans `original` once; when nothing needs rewriting, `bytes` is `original` and the map is empty.
    init(_ original: [UInt8]) {
        var scan = Scanner(original)
        scan.run()
        guard !scan.edits.isEmpty else {
            bytes = original
            columns = ColumnMap()
            return
        }
        var out = [UInt8]()
        out.reserveCapacity(original.count + scan.edits.count * 2)
        var map = ColumnMap()
        var from = 0
        var lineShift = (line: -1, shift: 0)
        for edit in scan.edits {
            out.append(contentsOf: original[from..<edit.offset])
            if lineShift.line != edit.line { lineShift = (edit.line, 0) }
            let transformedColumn = edit.column + lineShift.shift
            map.record(
                line: edit.line, transformedColumn: transformedColumn, newLength: edit.replacement.count,
                originalLength: edit.length)
            lineShift.shift += edit.replacement.count - edit.length
            out.append(contentsOf: edit.replacement)
            from = edit.offset + edit.length
        }
        out.append(contentsOf: original[from...])
        bytes = out
        columns = map
    }

    /// One rewrite: `length` bytes at `offset` (0-based line and column in characters) become `replacement`.
    struct Edit {
        var offset: Int
        var length: Int
        var line: Int
        var column: Int
        var replacement: [UInt8]
    }

    /// A lexical pass over JSON text: tracks strings, escapes, containers and key positions.
    private struct Scanner {
        let text: [UInt8]
        var edits: [Edit] = []
        var i = 0
        var line = 0
        var column = 0
        /// `true` for an object, `false` for an array.
        var containers: [Bool] = []
        var expectingKey = false
        /// Start of the last key string read in an object, awaiting its `:`.
        var pendingKey: (offset: Int, line: Int, column: Int)?

        init(_ text: [UInt8]) { self.text = text }

        mutating func run() {
            while i < text.count {
                let c = text[i]
                switch c {
                case UInt8(ascii: "\""):
                    let start = (offset: i, line: line, column: column)
                    let isKey = expectingKey && containers.last == true
                    advance()
                    readStringBody()
                    if isKey {
                        pendingKey = start
                        expectingKey = false
                    }
                    continue
                case UInt8(ascii: "{"):
                    containers.append(true)
                    expectingKey = true
                case UInt8(ascii: "["):
                    containers.append(false)
                    expectingKey = false
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    _ = containers.popLast()
                    expectingKey = false
                case UInt8(ascii: ","):
                    expectingKey = containers.last == true
                case UInt8(ascii: ":"):
                    if let key = pendingKey, key.line != line || column - key.column > JSONCompatibility.longKeyLimit {
                        edits.append(
                            Edit(
                                offset: key.offset, length: 0, line: key.line, column: key.column,
                                replacement: [UInt8(ascii: "?"), UInt8(ascii: " ")]))
                    }
                    pendingKey = nil
                default:
                    break
                }
                advance()
            }
            // Edits are found in text order except that a key's edit is recorded at its colon,
            // after any surrogate edit inside the key itself: restore offset order.
            edits.sort { $0.offset < $1.offset }
        }

        /// Moves past one byte, counting lines and characters (UTF-8 continuation bytes add no column).
        mutating func advance() {
            let c = text[i]
            if c == 0x0A {
                line += 1
                column = 0
            } else if c & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }

        /// Reads up to and past the closing quote, recording surrogate-pair escapes.
        mutating func readStringBody() {
            while i < text.count {
                let c = text[i]
                if c == UInt8(ascii: "\"") {
                    advance()
                    return
                }
                if c == 0x0A { return }  // not JSON; libyaml reports it
                if c == UInt8(ascii: "\\") {
                    if let pair = surrogatePair(at: i) {
                        edits.append(Edit(offset: i, length: 12, line: line, column: column, replacement: pair))
                        for _ in 0..<12 { advance() }
                        continue
                    }
                    advance()
                    if i < text.count { advance() }
                    continue
                }
                advance()
            }
        }

        /// `\uHHHH\uLLLL` at `at` as a high and low surrogate, rewritten as `\UXXXXXXXX`.
        func surrogatePair(at: Int) -> [UInt8]? {
            guard at + 12 <= text.count, text[at + 1] == UInt8(ascii: "u"), text[at + 6] == UInt8(ascii: "\\"),
                text[at + 7] == UInt8(ascii: "u"), let high = hex4(at + 2), let low = hex4(at + 8),
                (0xD800...0xDBFF).contains(high), (0xDC00...0xDFFF).contains(low)
            else { return nil }
            let scalar = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            let digits = String(scalar, radix: 16)
            return Array(("\\U" + String(repeating: "0", count: 8 - digits.count) + digits).utf8)
        }

        func hex4(_ at: Int) -> Int? {
            var value = 0
            for k in at..<(at + 4) {
                guard let d = hexDigit(text[k]) else { return nil }
                value = value * 16 + d
            }
            return value
        }

        func hexDigit(_ c: UInt8) -> Int? {
            switch c {
            case 48...57: Int(c - 48)
            case 65...70: Int(c - 55)
            case 97...102: Int(c - 87)
            default: nil
            }
        }
    }
}

/// Maps 0-based columns of rewritten text back to the original, line by line.
struct ColumnMap {
    private struct Span {
        var transformedColumn: Int
        var newLength: Int
        var originalLength: Int
    }

    private var spans: [Int: [Span]] = [:]

    mutating func record(line: Int, transformedColumn: Int, newLength: Int, originalLength: Int) {
        spans[line, default: []].append(
            Span(transformedColumn: transformedColumn, newLength: newLength, originalLength: originalLength))
    }

    /// The original 0-based column of `column` on 0-based `line`.
    func originalColumn(line: Int, column: Int) -> Int {
        // Most texts are YAML or JSON that needed no rewrite: no lookup per event then.
        guard !spans.isEmpty, let list = spans[line] else { return column }
        var shift = 0
        for span in list {
            if column >= span.transformedColumn + span.newLength {
                shift += span.originalLength - span.newLength
            } else if column >= span.transformedColumn {
                return span.transformedColumn + shift
            } else {
                break
            }
        }
        return column + shift
    }
}
