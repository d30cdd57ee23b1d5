/// The decoded parameters of a request's query string, in order, with repeated names kept.
public struct QueryParameters: Sendable, Hashable, Sequence {
    /// One `name=value` pair, both percent-decoded (`+` read as a space).
    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var value: String
    }

    /// Every pair, in order of appearance.
    public let parameters: [Parameter]

    /// Parses a raw query string (the part after `?`, without it). `a` alone gives `a` = "".
    public init(rawQuery: String) {
        var parameters: [Parameter] = []
        for piece in rawQuery.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let bytes = Array(piece)
            let name: [UInt8]
            let value: [UInt8]
            if let equals = bytes.firstIndex(of: UInt8(ascii: "=")) {
                name = Array(bytes[..<equals])
                value = Array(bytes[(equals + 1)...])
            } else {
                name = bytes
                value = []
            }
            parameters.append(
                Parameter(
                    name: PercentDecoding.decode(name, plusIsSpace: true),
                    value: PercentDecoding.decode(value, plusIsSpace: true)))
        }
        self.parameters = parameters
    }

    /// The first value given for `name`, if any.
    public subscript(name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    /// Every value given for `name`, in order.
    public func values(for name: String) -> [String] {
        parameters.filter { $0.name == name }.map(\.value)
    }

    /// Whether `name` appears at all.
    public func contains(_ name: String) -> Bool {
        parameters.contains { $0.name == name }
    }

    /// Iterates the pairs in order.
    public func makeIterator() -> IndexingIterator<[Parameter]> { parameters.makeIterator() }
}
