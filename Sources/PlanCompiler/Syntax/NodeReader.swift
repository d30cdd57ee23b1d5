import JSON

/// Typed reads of the nodes of a `SourceTree` that record a diagnostic for every value of the wrong shape.
///
/// Each read returns `nil` after recording the problem, so the caller goes on and every problem
/// of a file is found in one pass.
struct NodeReader {
    typealias Node = SourceTree.Node

    /// The document read.
    let tree: SourceTree
    private(set) var diagnostics: [Diagnostic] = []

    init(_ tree: SourceTree) {
        self.tree = tree
    }

    /// Where `node` starts.
    func location(_ node: Node) -> SourceLocation { tree.location(node) }

    /// Adds diagnostics another reader of the same tree found, after those found here.
    mutating func append(_ more: [Diagnostic]) {
        diagnostics += more
    }

    mutating func report(_ problem: PlanProblem, at location: SourceLocation) {
        diagnostics.append(Diagnostic(problem, at: location))
    }

    /// One entry of a mapping: its key text, the key's node (for its place), and the value.
    struct Entry {
        var key: String
        var keyNode: Node
        var value: Node
    }

    /// The entries of a mapping, with duplicate and non-scalar keys reported; `nil` if `node` is no mapping.
    mutating func mapping(_ node: Node, key: String) -> [Entry]? {
        guard tree.kind(node) == .mapping else {
            report(.wrongType(key: key, expected: "a mapping", found: tree.kindDescription(node)), at: location(node))
            return nil
        }
        let count = tree.count(node)
        var entries: [Entry] = []
        entries.reserveCapacity(count)
        // Small mappings (every step) are checked for repeated keys by a scan, large ones by a dictionary.
        var seen: [String: Int] = [:]
        let large = count > 16
        for index in 0..<count {
            let pair = tree.pair(node, index)
            guard tree.isScalar(pair.key) else {
                report(
                    .wrongType(key: "key in \(key)", expected: "a string", found: tree.kindDescription(pair.key)),
                    at: location(pair.key))
                continue
            }
            let text = tree.string(pair.key)
            let firstLine = large ? seen[text] : entries.first(where: { $0.key == text }).map { tree.line($0.keyNode) }
            if let firstLine {
                report(.duplicateKey(text, firstLine: firstLine), at: location(pair.key))
                continue
            }
            if large { seen[text] = tree.line(pair.key) }
            entries.append(Entry(key: text, keyNode: pair.key, value: pair.value))
        }
        return entries
    }

    /// Reports each entry whose key is not in `known`, with a suggestion; returns the known ones.
    mutating func knownEntries(_ entries: [Entry], known: [String], context: String) -> [Entry] {
        // Nearly always every key is known: then the entries are returned as they are, not copied.
        if entries.allSatisfy({ known.contains($0.key) }) { return entries }
        return entries.filter { entry in
            if known.contains(entry.key) { return true }
            report(
                .unknownKey(entry.key, context: context, suggestion: Suggestion.closest(to: entry.key, among: known)),
                at: location(entry.keyNode))
            return false
        }
    }

    /// A non-empty string; plain numbers are read as their text (trace ids may look like numbers).
    mutating func string(_ node: Node, key: String, allowEmpty: Bool = false) -> Located<String>? {
        guard tree.isScalar(node) else {
            report(.wrongType(key: key, expected: "a string", found: tree.kindDescription(node)), at: location(node))
            return nil
        }
        let text: String
        if tree.style(node) == .plain {
            switch tree.plainScalar(node) {
            case .null where !allowEmpty:
                report(.emptyValue(key: key), at: location(node))
                return nil
            case .bool:
                report(.wrongType(key: key, expected: "a string", found: "a boolean"), at: location(node))
                return nil
            case .string(let plain):
                text = plain
            default:
                text = tree.string(node)
            }
        } else {
            text = tree.string(node)
        }
        if text.isEmpty && !allowEmpty {
            report(.emptyValue(key: key), at: location(node))
            return nil
        }
        return Located(text, at: location(node))
    }

    /// A whole number written as a plain number.
    mutating func integer(_ node: Node, key: String) -> Int64? {
        if tree.isScalar(node), tree.style(node) == .plain, case .int(let value) = tree.plainScalar(node) {
            return value
        }
        report(.wrongType(key: key, expected: "a whole number", found: tree.kindDescription(node)), at: location(node))
        return nil
    }

    /// `true` or `false`.
    mutating func boolean(_ node: Node, key: String) -> Bool? {
        if tree.isScalar(node), tree.style(node) == .plain, case .bool(let value) = tree.plainScalar(node) {
            return value
        }
        report(.wrongType(key: key, expected: "true or false", found: tree.kindDescription(node)), at: location(node))
        return nil
    }

    /// A duration (`90s`, `10m`, `1h`, or a number of seconds), in whole seconds of at least 1.
    mutating func durationSeconds(_ node: Node, key: String) -> Int? {
        guard tree.isScalar(node) else {
            report(.wrongType(key: key, expected: "a duration", found: tree.kindDescription(node)), at: location(node))
            return nil
        }
        let text = tree.string(node)
        guard let ms = DurationText.milliseconds(text), ms >= 1000, ms % 1000 == 0, ms / 1000 <= Int64(Int32.max)
        else {
            report(.invalidDuration(key: key, text: text), at: location(node))
            return nil
        }
        return Int(ms / 1000)
    }

    /// A list of strings; a single string is read as a list of one.
    mutating func stringList(_ node: Node, key: String) -> [Located<String>]? {
        switch tree.kind(node) {
        case .scalar:
            return string(node, key: key).map { [$0] }
        case .sequence:
            return tree.children(node).compactMap { string($0, key: key) }
        case .mapping:
            report(.wrongType(key: key, expected: "a list of strings", found: "a mapping"), at: location(node))
            return nil
        }
    }

    /// One of `choices` (plain or quoted text).
    mutating func choice<T: RawRepresentable & CaseIterable>(_ node: Node, key: String, as: T.Type) -> T?
    where T.RawValue == String {
        guard let text = string(node, key: key) else { return nil }
        if let value = T(rawValue: text.value) { return value }
        let choices = T.allCases.map(\.rawValue)
        report(
            .invalidChoice(
                key: key, value: text.value, choices: choices,
                suggestion: Suggestion.closest(to: text.value, among: choices)), at: location(node))
        return nil
    }

    /// The node as a JSON value: plain scalars typed by the core schema, quoted ones strings.
    func json(_ node: Node) -> JSONValue {
        switch tree.kind(node) {
        case .scalar where tree.style(node) == .quoted:
            return .string(tree.string(node))
        case .scalar:
            switch tree.plainScalar(node) {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .int(let i): return .int(i)
            case .double(let d): return .double(d)
            case .string(let s): return .string(s)
            }
        case .sequence:
            return .array(tree.children(node).map(json))
        case .mapping:
            var members: [String: JSONValue] = [:]
            for index in 0..<tree.count(node) {
                let pair = tree.pair(node, index)
                if tree.isScalar(pair.key) { members[tree.string(pair.key)] = json(pair.value) }
            }
            return .object(members)
        }
    }
}
