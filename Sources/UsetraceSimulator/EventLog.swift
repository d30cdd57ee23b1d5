import Foundation
import JSON

/// The simulator's own log: every event in order, for tests to check what happened when.
///
/// Not thread-safe on its own: it lives inside `BuildStore`'s `Mutex`, so events get their
/// sequence numbers in the same order as the state changes they describe.
struct EventLog: Sendable {
    /// The kinds of event.
    enum Kind: String, Sendable {
        case start, finish, status, results, webhook, refused, fault
    }

    private(set) var events: [JSONValue] = []
    /// Never reset (not even by `/_sim/reset`), so `seq` is monotonic for the process's life.
    private var nextSeq: Int64 = 1
    private let file: LogFile?

    init(file: LogFile?) { self.file = file }

    /// Appends one event: `seq`, `at`, `atMonoMs` and `event`, then `fields`; writes it to the file too.
    mutating func record(_ kind: Kind, at moment: Moment, _ fields: [String: JSONValue]) {
        var members = fields
        members["seq"] = .int(nextSeq)
        members["at"] = .int(moment.epochMs)
        members["atMonoMs"] = .int(moment.monoMs)
        members["event"] = .string(kind.rawValue)
        nextSeq += 1
        let event = JSONValue.object(members)
        events.append(event)
        file?.append(line: event.canonicalText)
    }

    /// Forgets every event kept in memory (the file keeps them).
    mutating func clear() { events.removeAll() }

    /// The events after sequence number `seq`.
    func events(after seq: Int64) -> [JSONValue] {
        events.filter { ($0["seq"]?.intValue ?? 0) > seq }
    }
}

/// The `--log FILE` sink: one JSON line per event, appended.
final class LogFile: Sendable {
    /// `FileHandle` is thread-safe for writes; every append comes from inside `BuildStore`'s lock anyway.
    private let handle: FileHandle

    /// Opens `path` for appending, creating it if needed.
    init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw ConfigurationError(message: "cannot create the log file \(path)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw ConfigurationError(message: "cannot open the log file \(path) for writing")
        }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    func append(line: String) {
        handle.write(Data((line + "\n").utf8))
    }
}
