import Dispatch

/// Reads the items of a long `steps` list on a second thread while the parser goes on with the file.
///
/// The parser hands over the items in batches, each a copy of their subtrees (the parser's own
/// arrays keep growing, so they are not shared), made into a standalone tree on the queue. A step is read from its own nodes
/// alone, so reading it ahead gives the same step and the same diagnostics as reading it later;
/// the plan reader uses them only for the very list they came from (`list`).
final class StepPrefetch {
    /// Items per batch; a list of fewer items is not read ahead at all.
    static let batchSize = 512

    /// What was read ahead: the list's node in the parsed tree, its steps and their diagnostics, in order.
    struct Steps: Sendable {
        var list: SourceTree.Node
        var steps: [StepSyntax]
        var diagnostics: [Diagnostic]
    }

    private let job = Job()
    private var queue: DispatchQueue?
    private var list: SourceTree.Node?

    /// Reads the steps (the roots) of `part` in the background, after those handed on before.
    func add(_ part: SourceTree.Tail) {
        let queue = self.queue ?? DispatchQueue(label: "orch.step-prefetch", qos: .userInitiated)
        self.queue = queue
        let job = self.job
        queue.async {
            let (tree, roots) = part.tree()
            job.read(tree, roots)
        }
    }

    /// Records that every item of the list `list` has been handed on.
    func complete(list: SourceTree.Node) {
        self.list = list
    }

    /// The steps read ahead, once all are read; `nil` when no whole list was handed on.
    ///
    /// Waits for the queue to finish reading what it was given: pure computation already under
    /// way, never a wait for other tasks, so it cannot deadlock a Swift concurrency thread.
    func result() -> Steps? {
        guard let queue, let list else { return nil }
        let job = self.job
        return queue.sync { Steps(list: list, steps: job.steps, diagnostics: job.diagnostics) }
    }

    /// The steps and diagnostics read so far.
    ///
    /// `@unchecked Sendable`: its state is touched only on the serial queue (`read`, and `result`
    /// through `sync`).
    private final class Job: @unchecked Sendable {
        var steps: [StepSyntax] = []
        var diagnostics: [Diagnostic] = []

        func read(_ tree: SourceTree, _ roots: [SourceTree.Node]) {
            var reader = PlanReader(tree)
            for root in roots {
                if let step = reader.step(root) { steps.append(step) }
            }
            diagnostics += reader.reader.diagnostics
        }
    }
}
