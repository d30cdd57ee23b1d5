import JSON

/// Typed reads of `SourceNode`s that record a diagnostic for every value of the wrong shape.
///
/// Each read returns `nil` after recording the problem, so the caller goes on and every problem
/// of a file is found in one pass.
struct NodeReader {
    private(set) var diagnostics: [Diagnostic] = []

    mutating func report(_ problem: PlanProblem, at location: SourceLocation) {
        diagnostics.append(Diagnostic(problem, at: location))
    }

    /// One entry of a mapping: its key text, where the key is, and the value.
    struct Entry {
        var key: String
        var keyLocation: SourceLocation
        var value: SourceNode
    }

    /// The entries of a mapping, with duplicate and non-scalar keys reported; `nil` if `node` is no mapping.
    mutating func mapping(_ node: SourceNode, key: String) -> [Entry]? {
        guard case .mapping(let pairs) = node.content else {
            report(.wrongType(key: key, expected: "a mapping", found: node.kindDescription), at: node.location)
            return nil
        }
        var entries: [Entry] = []
        entries.reserveCapacity(pairs.count)
        // Small mappings (every step) are checked for repeated keys by a scan, large ones by a dictionary.
        var seen: [String: Int] = [:]
        let large = pairs.count > 16
        for pair in pairs {
            guard case .scalar(let text, _) = pair.key.content else {
                report(
                    .wrongType(key: "key in \(key)", expected: "a string", found: pair.key.kindDescription),
                    at: pair.key.location)
                continue
            }
            let firstLine = large ? seen[text] : entries.first(where: { $0.key == text })?.keyLocation.line
            if let firstLine {
                report(.duplicateKey(text, firstLine: firstLine), at: pair.key.location)
                continue
            }
            if large { seen[text] = pair.key.location.line }
            entries.append(Entry(key: text, keyLocation: pair.key.location, value: pair.value))
        }
        return entries
    }

    /// Reports each entry whose key is not in `known`, with a suggestion; returns the known ones.
    mutating func knownEntries(_ entries: [Entry], known: [String], context: String) -> [Entry] {
        entries.filter { entry in
            if known.contains(entry.key) { return true }
            report(
                .unknownKey(entry.key, context: context, suggestion: Suggestion.closest(to: entry.key, among: known)),
                at: entry.keyLocation)
            return false
        }
    }

    /// A non-empty string; plain numbers are read as their text (trace ids may look like numbers).
    mutating func string(_ node: SourceNode, key: String, allowEmpty: Bool = false) -> Located<String>? {
        guard case .scalar(let text, let style) = node.content else {
            report(.wrongType(key: key, expected: "a string", found: node.kindDescription), at: node.location)
            return nil
        }
        if style == .plain {
            switch PlainScalar(text) {
            case .null where !allowEmpty:
                report(.emptyValue(key: key), at: node.location)
                return nil
            case .bool:
                report(.wrongType(key: key, expected: "a string", found: "a boolean"), at: node.location)
                return nil
            default: break
            }
        }
        if text.isEmpty && !allowEmpty {
            report(.emptyValue(key: key), at: node.location)
            return nil
        }
        return Located(text, at: node.location)
    }

    /// A whole number written as a plain number.
    mutating func integer(_ node: SourceNode, key: String) -> Int64? {
        if case .scalar(let text, .plain) = node.content, case .int(let value) = PlainScalar(text) {
            return value
        }
        report(.wrongType(key: key, expected: "a whole number", found: node.kindDescription), at: node.location)
        return nil
    }

    /// `true` or `false`.
    mutating func boolean(_ node: SourceNode, key: String) -> Bool? {
        if case .scalar(let text, .plain) = node.content, case .bool(let value) = PlainScalar(text) {
            return value
        }
        report(.wrongType(key: key, expected: "true or false", found: node.kindDescription), at: node.location)
        return nil
    }

    /// A duration (`90s`, `10m`, `1h`, or a number of seconds), in whole seconds of at least 1.
    mutating func durationSeconds(_ node: SourceNode, key: String) -> Int? {
        guard case .scalar(let text, _) = node.content else {
            report(.wrongType(key: key, expected: "a duration", found: node.kindDescription), at: node.location)
            return nil
        }
        guard let ms = DurationText.milliseconds(text), ms >= 1000, ms % 1000 == 0, ms / 1000 <= Int64(Int32.max)
        else {
            report(.invalidDuration(key: key, text: text), at: node.location)
            return nil
        }
        return Int(ms / 1000)
    }

    /// A list of strings; a single string is read as a list of one.
    mutating func stringList(_ node: SourceNode, key: String) -> [Located<String>]? {
        switch node.content {
        case .scalar:
            return string(node, key: key).map { [$0] }
        case .sequence(let items):
            return items.compactMap { string($0, key: key) }
        case .mapping:
            report(.wrongType(key: key, expected: "a list of strings", found: "a mapping"), at: node.location)
            return nil
        }
    }

    /// One of `choices` (plain or quoted text).
    mutating func choice<T: RawRepresentable & CaseIterable>(_ node: SourceNode, key: String, as: T.Type) -> T?
    where T.RawValue == String {
        guard let text = string(node, key: key) else { return nil }
        if let value = T(rawValue: text.value) { return value }
        let choices = T.allCases.map(\.rawValue)
        report(
            .invalidChoice(
                key: key, value: text.value, choices: choices,
                suggestion: Suggestion.closest(to: text.value, among: choices)), at: node.location)
        return nil
    }

    /// The node as a JSON value: plain scalars typed by the core schema, quoted ones strings.
    func json(_ node: SourceNode) -> JSONValue {
        switch node.content {
        case .scalar(let text, .quoted):
            return .string(text)
        case .scalar(let text, .plain):
            switch PlainScalar(text) {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .int(let i): return .int(i)
            case .double(let d): return .double(d)
            case .string(let s): return .string(s)
            }
        case .sequence(let items):
            return .array(items.map(json))
        case .mapping(let pairs):
            var members: [String: JSONValue] = [:]
            for pair in pairs {
                if case .scalar(let key, _) = pair.key.content { members[key] = json(pair.value) }
            }
            return .object(members)
        }
    }
}
