import CYAML

/// Parses YAML or JSON bytes into a `SourceTree` through libyaml's event API.
///
/// The only file that imports `CYAML`. Aliases are refused (a "billion laughs" document fails at its
/// first `*alias`, before anything expands), as are nesting deeper than `maxDepth`, more than
/// `maxNodes` nodes, and more than one document.
final class YAMLParser {
    /// The deepest nesting of lists and mappings accepted.
    static let maxDepth = 64
    /// The most nodes one document may have (bounds memory for a hostile 10 MiB file).
    static let maxNodes = 2_000_000

    /// A failure to parse, with the place libyaml or the limit check reported.
    struct Failure: Error {
        var location: SourceLocation
        var message: String
    }

    private let file: String
    private let columns: ColumnMap
    /// libyaml's parser holds a pointer to itself, so it lives on the heap for the life of this object.
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    /// The input bytes; libyaml keeps a pointer to them until the parser is deleted.
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let inputCount: Int

    private init(bytes: [UInt8], file: String) {
        self.file = file
        let prepared = JSONCompatibility.looksLikeJSON(bytes) ? JSONCompatibility(bytes) : nil
        columns = prepared?.columns ?? ColumnMap()
        let text = prepared?.bytes ?? bytes
        inputCount = text.count
        input = .allocate(capacity: max(text.count, 1))
        _ = input.initialize(from: text)
        parser = .allocate(capacity: 1)
        yaml_parser_initialize(parser)
        yaml_parser_set_input_string(parser, input.baseAddress, text.count)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    /// Parses `bytes` read from `file` into a tree (whose root is `-1` for an empty document); the
    /// items of the root mapping's first `steps` list go to `prefetch` as they are parsed, when it is given.
    static func parse(_ bytes: [UInt8], file: String, prefetch: StepPrefetch? = nil) throws(Failure) -> SourceTree {
        try YAMLParser(bytes: bytes, file: file).document(prefetch: prefetch)
    }

    /// Parses `bytes` with libyaml alone, building nothing: the floor the compiler's speed is held against.
    static func countEvents(_ bytes: [UInt8]) -> Int? {
        let parser = YAMLParser(bytes: bytes, file: "")
        var event = yaml_event_t()
        var count = 0
        while true {
            guard yaml_parser_parse(parser.parser, &event) == 1 else { return nil }
            count += 1
            let done = event.type == YAML_STREAM_END_EVENT
            yaml_event_delete(&event)
            if done { return count }
        }
    }

    /// The one place libyaml's 0-based marks become 1-based lines and columns of the original text.
    private func position(_ mark: yaml_mark_t) -> (line: Int, column: Int) {
        let line = Int(mark.line)
        let column = columns.originalColumn(line: line, column: Int(mark.column))
        return (line + 1, column + 1)
    }

    private func location(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    /// An open container: where it starts, and where its children begin in the pending list.
    private struct Frame {
        var kind: SourceTree.Kind
        var line: Int
        var column: Int
        var firstChild: Int
        /// Whether this is the root mapping's first `steps` list, whose items are handed to the prefetch.
        var isSteps = false
    }

    /// The items of the `steps` list parsed since the last batch was handed on, and where that batch began.
    private struct StepBatch {
        var items: [SourceTree.Node] = []
        var from: (nodes: Int, text: Int, children: Int) = (0, 0, 0)
        var handedOn = 0
    }

    private func document(prefetch: StepPrefetch?) throws(Failure) -> SourceTree {
        var tree = SourceTree(file: file)
        var sawStepsKey = prefetch == nil
        var batch = StepBatch()
        tree.reserve(forBytes: inputCount)
        var event = yaml_event_t()
        var stack: [Frame] = []
        // The children of every open container, innermost last (a mapping's alternate key and value).
        var pending: [SourceTree.Node] = []
        var documents = 0
        var nodes = 0

        while true {
            guard yaml_parser_parse(parser, &event) == 1 else { throw parserFailure() }
            defer { yaml_event_delete(&event) }
            let (line, column) = position(event.start_mark)

            var finished: SourceTree.Node?
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return tree
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    throw Failure(
                        location: location(line, column),
                        message: "a plan file holds one YAML document; found a second one here")
                }
            case YAML_ALIAS_EVENT:
                throw Failure(
                    location: location(line, column),
                    message: "YAML aliases (*name) are not allowed in plans; write the value out")
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                var style: SourceTree.ScalarStyle = scalar.style == YAML_PLAIN_SCALAR_STYLE ? .plain : .quoted
                if style == .plain, let tag = scalar.tag, String(cString: tag) == "tag:yaml.org,2002:str" {
                    style = .quoted
                }
                finished = tree.addScalar(
                    UnsafeBufferPointer(start: scalar.value, count: scalar.length), style: style, line: line,
                    column: column)
            case YAML_SEQUENCE_START_EVENT:
                var frame = Frame(kind: .sequence, line: line, column: column, firstChild: pending.count)
                if !sawStepsKey, let key = YAMLParser.rootKey(awaitingValue: stack, pending),
                    tree.scalarIs(key, "steps")
                {
                    sawStepsKey = true
                    frame.isSteps = true
                    batch = StepBatch(items: [], from: tree.sizes, handedOn: 0)
                }
                stack.append(frame)
            case YAML_MAPPING_START_EVENT:
                stack.append(Frame(kind: .mapping, line: line, column: column, firstChild: pending.count))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                if let frame = stack.popLast() {
                    // A long `steps` list hands on its last items; a short one was not read ahead at all.
                    if frame.isSteps, let prefetch, batch.handedOn > 0, !batch.items.isEmpty {
                        prefetch.add(tree.tail(from: batch.from, roots: batch.items))
                    }
                    finished = tree.addContainer(
                        frame.kind, items: pending[frame.firstChild...], line: frame.line, column: frame.column)
                    pending.removeLast(pending.count - frame.firstChild)
                    if frame.isSteps, let prefetch, batch.handedOn > 0, let finished {
                        prefetch.complete(list: finished)
                    }
                }
            default:
                break
            }
            if stack.count > YAMLParser.maxDepth {
                throw Failure(
                    location: location(line, column),
                    message: "the document nests deeper than \(YAMLParser.maxDepth) levels")
            }
            guard let node = finished else { continue }
            nodes += 1
            if nodes > YAMLParser.maxNodes {
                throw Failure(
                    location: location(line, column),
                    message: "the document has more than \(YAMLParser.maxNodes) values")
            }
            if stack.isEmpty {
                tree.setRoot(node)
            } else {
                if !sawStepsKey, let key = YAMLParser.rootKey(awaitingValue: stack, pending),
                    tree.scalarIs(key, "steps")
                {
                    sawStepsKey = true  // the first `steps` holds no list: nothing to read ahead
                }
                pending.append(node)
                if stack.count == 2, stack[1].isSteps, let prefetch {
                    batch.items.append(node)
                    if batch.items.count == StepPrefetch.batchSize {
                        prefetch.add(tree.tail(from: batch.from, roots: batch.items))
                        batch = StepBatch(items: [], from: tree.sizes, handedOn: batch.handedOn + 1)
                    }
                }
            }
        }
    }

    /// The key whose value comes next, when the innermost open container is the root mapping.
    private static func rootKey(awaitingValue stack: [Frame], _ pending: [SourceTree.Node]) -> SourceTree.Node? {
        guard stack.count == 1, stack[0].kind == .mapping, (pending.count - stack[0].firstChild) % 2 == 1 else {
            return nil
        }
        return pending.last
    }

    private func parserFailure() -> Failure {
        let p = parser.pointee
        var message = p.problem.map { String(cString: $0) } ?? "the document could not be parsed"
        if let context = p.context.map({ String(cString: $0) }) {
            message += " (\(context))"
        }
        let (line, column) = position(p.problem_mark)
        return Failure(location: location(line, column), message: message)
    }
}
