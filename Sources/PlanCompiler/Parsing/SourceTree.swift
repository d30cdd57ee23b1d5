/// A parsed YAML or JSON document held flat: every node in one array, all scalar text in one byte array.
///
/// A plan of 10,000 steps has some 50,000 nodes; as flat arrays of plain values they cost no
/// allocation or reference count each, and a scalar becomes a `String` only when the reader asks.
struct SourceTree: Sendable {
    /// A node of the tree: its index in `nodes`.
    typealias Node = Int32

    /// What a node is.
    enum Kind: UInt8, Sendable {
        case scalar, sequence, mapping
    }

    /// How a scalar was written; plain scalars are typed (numbers, booleans, null), quoted ones are strings.
    enum ScalarStyle: UInt8, Sendable {
        case plain, quoted
    }

    /// One node: its kind, where it starts (1-based), and its text (a scalar) or children (a container).
    struct Record: Sendable {
        var kind: Kind
        var style: ScalarStyle
        var line: Int32
        var column: Int32
        /// A scalar's first byte in `text`, or a container's first child in `children`.
        var start: Int32
        /// A scalar's length in bytes, or a container's number of children (a mapping's: twice its pairs).
        var count: Int32
    }

    /// The file as the user named it, for locations.
    let file: String
    private(set) var nodes: [Record] = []
    /// The bytes of every scalar, one after the other.
    private(set) var text: [UInt8] = []
    /// Every container's children, one list after the other; a mapping's alternate key and value.
    private(set) var children: [Node] = []
    /// The document's root node; `-1` for an empty document.
    private(set) var root: Node = -1

    init(file: String) {
        self.file = file
    }

    // MARK: Building (the parser's side)

    /// Adds a scalar and returns its node.
    mutating func addScalar(_ bytes: UnsafeBufferPointer<UInt8>, style: ScalarStyle, line: Int, column: Int) -> Node {
        let start = Int32(text.count)
        text.append(contentsOf: bytes)
        return add(
            Record(
                kind: .scalar, style: style, line: Int32(line), column: Int32(column), start: start,
                count: Int32(bytes.count)))
    }

    /// Adds a container whose children are `items` and returns its node.
    mutating func addContainer(_ kind: Kind, items: ArraySlice<Node>, line: Int, column: Int) -> Node {
        let start = Int32(children.count)
        children.append(contentsOf: items)
        return add(
            Record(
                kind: kind, style: .plain, line: Int32(line), column: Int32(column), start: start,
                count: Int32(items.count)))
    }

    /// Makes `node` the root.
    mutating func setRoot(_ node: Node) { root = node }

    private mutating func add(_ record: Record) -> Node {
        nodes.append(record)
        return Node(nodes.count - 1)
    }

    /// Reserves room for a document of `bytes` bytes (about one node per 8 bytes of plan text).
    mutating func reserve(forBytes bytes: Int) {
        nodes.reserveCapacity(bytes / 8)
        children.reserveCapacity(bytes / 8)
        text.reserveCapacity(bytes)
    }

    /// How many nodes, scalar bytes and child entries the tree holds: where the next node's parts will go.
    var sizes: (nodes: Int, text: Int, children: Int) { (nodes.count, text.count, children.count) }

    /// The nodes added since `from` (which must be whole subtrees), with `roots` among them, copied
    /// out as they are: `Tail.tree()` makes a standalone tree of them.
    ///
    /// The copy is three plain memory copies, made on the parser's thread; renumbering the nodes
    /// for a tree of their own is left to `tree()`, on the thread that reads them.
    func tail(from: (nodes: Int, text: Int, children: Int), roots: [Node]) -> Tail {
        Tail(
            file: file, from: from, nodes: Array(nodes[from.nodes...]), text: Array(text[from.text...]),
            children: Array(children[from.children...]), roots: roots)
    }

    /// Nodes copied out of a tree that is still being built, not yet renumbered.
    struct Tail: Sendable {
        let file: String
        let from: (nodes: Int, text: Int, children: Int)
        let nodes: [Record]
        let text: [UInt8]
        let children: [Node]
        let roots: [Node]

        /// A standalone tree of the nodes, and the roots renumbered for it. Positions and text are unchanged.
        func tree() -> (tree: SourceTree, roots: [Node]) {
            var part = SourceTree(file: file)
            let nodeBase = Int32(from.nodes)
            let textBase = Int32(from.text)
            let childBase = Int32(from.children)
            part.nodes = nodes.map { record in
                var record = record
                record.start -= record.kind == .scalar ? textBase : childBase
                return record
            }
            part.text = text
            part.children = children.map { $0 - nodeBase }
            return (part, roots.map { $0 - nodeBase })
        }
    }

    // MARK: Reading

    /// The node's kind.
    func kind(_ node: Node) -> Kind { nodes[Int(node)].kind }

    /// Whether the node is a scalar.
    func isScalar(_ node: Node) -> Bool { nodes[Int(node)].kind == .scalar }

    /// How a scalar was written (`plain` for containers).
    func style(_ node: Node) -> ScalarStyle { nodes[Int(node)].style }

    /// Where the node starts.
    func location(_ node: Node) -> SourceLocation {
        let record = nodes[Int(node)]
        return SourceLocation(file: file, line: Int(record.line), column: Int(record.column))
    }

    /// The 1-based line the node starts on.
    func line(_ node: Node) -> Int { Int(nodes[Int(node)].line) }

    /// A scalar's text (empty for a container).
    func string(_ node: Node) -> String {
        let record = nodes[Int(node)]
        guard record.kind == .scalar, record.count > 0 else { return "" }
        return text.withUnsafeBufferPointer { all in
            String(
                decoding: UnsafeBufferPointer(rebasing: all[Int(record.start)..<Int(record.start + record.count)]),
                as: UTF8.self)
        }
    }

    /// Whether a scalar's text is exactly `literal` (ASCII), compared byte by byte.
    func scalarIs(_ node: Node, _ literal: StaticString) -> Bool {
        let record = nodes[Int(node)]
        guard record.kind == .scalar, Int(record.count) == literal.utf8CodeUnitCount else { return false }
        let start = Int(record.start)
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for k in 0..<expected.count where text[start + k] != expected[k] { return false }
        return true
    }

    /// The type of a plain scalar under the core schema (decided on the bytes; text made only for strings).
    func plainScalar(_ node: Node) -> PlainScalar {
        let record = nodes[Int(node)]
        if record.count > 0, !PlainScalar.mayBeTyped(firstByte: text[Int(record.start)], length: Int(record.count)) {
            return .string(string(node))
        }
        return PlainScalar(string(node))
    }

    /// A container's children: a sequence's items, or a mapping's keys and values alternately.
    func children(_ node: Node) -> ArraySlice<Node> {
        let record = nodes[Int(node)]
        guard record.kind != .scalar else { return [] }
        return children[Int(record.start)..<Int(record.start + record.count)]
    }

    /// A container's number of items (a mapping's: its pairs).
    func count(_ node: Node) -> Int {
        let record = nodes[Int(node)]
        switch record.kind {
        case .scalar: return 0
        case .sequence: return Int(record.count)
        case .mapping: return Int(record.count / 2)
        }
    }

    /// The `index`-th pair of a mapping: its key and value nodes.
    func pair(_ node: Node, _ index: Int) -> (key: Node, value: Node) {
        let start = Int(nodes[Int(node)].start) + 2 * index
        return (children[start], children[start + 1])
    }

    /// A short name of the node's kind for messages: "a string", "a list", "a mapping", …
    func kindDescription(_ node: Node) -> String {
        switch kind(node) {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .scalar:
            guard style(node) == .plain else { return "a string" }
            switch plainScalar(node) {
            case .null: return "null"
            case .bool: return "a boolean"
            case .int, .double: return "a number"
            case .string: return "a string"
            }
        }
    }
}
