import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into calls of a handler, on a dispatch queue, until `stop()`.
///
/// While it watches, the signals' default action (ending the process at once) is off; `stop()`
/// puts it back. Subprocesses are unaffected: the command runner resets every signal for them.
final class SignalWatcher: @unchecked Sendable {
    // Safe: `sources` is set once in init and only read after; DispatchSource methods are thread-safe.
    private let sources: [any DispatchSourceSignal]
    private let signals: [Int32]

    /// Watches `signals`, calling `handler` with the signal number on a private serial queue.
    init(_ signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) {
        self.signals = signals
        let queue = DispatchQueue(label: "orch.signals")
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }

    /// Stops watching and gives the signals their default action back.
    func stop() {
        for source in sources { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }

    /// `SIGINT` or `SIGTERM` by name, for messages.
    static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(number)"
        }
    }
}
