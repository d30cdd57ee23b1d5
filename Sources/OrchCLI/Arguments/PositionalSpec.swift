/// One positional argument of a command (`PLAN`, `PATH...`): its name, meaning and how many it takes.
public struct PositionalSpec: Sendable, Hashable {
    /// How many arguments a positional takes.
    public enum Arity: Sendable, Hashable {
        /// Exactly one (`PLAN`).
        case one
        /// None or one (`[ID]`).
        case optional
        /// At least one (`PATH...`).
        case oneOrMore
        /// Any number (`[PATH...]`).
        case zeroOrMore

        /// The fewest arguments it takes.
        var minimum: Int {
            switch self {
            case .one, .oneOrMore: 1
            case .optional, .zeroOrMore: 0
            }
        }

        /// The most arguments it takes.
        var maximum: Int {
            switch self {
            case .one, .optional: 1
            case .oneOrMore, .zeroOrMore: Int.max
            }
        }
    }

    /// The name in usage text and for the accessors, by convention upper case: `PLAN`.
    public var name: String
    /// One line saying what the argument is.
    public var help: String
    /// How many arguments it takes.
    public var arity: Arity

    /// A positional argument.
    public init(_ name: String, arity: Arity = .one, help: String) {
        self.name = name
        self.help = help
        self.arity = arity
    }

    /// How the positional appears in the usage line: `PLAN`, `[ID]`, `PATH...`, `[PATH...]`.
    public var usage: String {
        switch arity {
        case .one: name
        case .optional: "[\(name)]"
        case .oneOrMore: "\(name)..."
        case .zeroOrMore: "[\(name)...]"
        }
    }
}
