import Foundation

/// Where a command writes: data to stdout, progress and errors to stderr.
public struct Console: Sendable {
    /// Writes bytes to one stream.
    public typealias Sink = @Sendable (String) -> Void

    public var out: Sink
    public var err: Sink
    /// Whether stdout is a terminal (for the live progress view and source excerpts).
    public var outIsTerminal: Bool
    /// Whether stderr is a terminal.
    public var errIsTerminal: Bool
    /// Whether colour may be used (`NO_COLOR` unset and the stream a terminal).
    public var colour: Bool

    public init(out: @escaping Sink, err: @escaping Sink, outIsTerminal: Bool, errIsTerminal: Bool, colour: Bool) {
        self.out = out
        self.err = err
        self.outIsTerminal = outIsTerminal
        self.errIsTerminal = errIsTerminal
        self.colour = colour
    }

    /// The process's own stdout and stderr.
    public static func standard(environment: [String: String]) -> Console {
        let outTTY = isatty(STDOUT_FILENO) == 1
        let errTTY = isatty(STDERR_FILENO) == 1
        let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return Console(
            out: { FileHandle.standardOutput.write(Data($0.utf8)) },
            err: { FileHandle.standardError.write(Data($0.utf8)) },
            outIsTerminal: outTTY, errIsTerminal: errTTY, colour: !noColour && (outTTY || errTTY))
    }
}
