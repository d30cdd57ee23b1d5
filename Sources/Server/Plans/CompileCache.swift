import PlanCompiler
import Synchronization

/// The last few bodies that compiled, with their results: CI posts the same plan again and
/// again, and a compile is a pure function of the body and its file name, so the same bytes
/// need not be compiled twice.
///
/// Bounded twice: bodies over `maxBodyBytes` are never kept, and at most `capacity` results are
/// (the oldest goes first). Only results with a plan are kept; a refused body is compiled again
/// each time, so its answer never depends on what came before.
final class CompileCache: Sendable {
    private struct Key: Hashable {
        let fileName: String
        let body: [UInt8]
    }

    private struct Entries {
        var results: [Key: CompileResult] = [:]
        var order: [Key] = []
    }

    private let entries = Mutex(Entries())
    private let capacity: Int
    private let maxBodyBytes: Int

    /// A cache of at most `capacity` results of bodies of at most `maxBodyBytes` bytes.
    init(capacity: Int = 32, maxBodyBytes: Int = 64 << 10) {
        self.capacity = max(1, capacity)
        self.maxBodyBytes = maxBodyBytes
    }

    /// The result of compiling `body` as `fileName`: the kept one, or a new compile (kept if it
    /// has a plan and the body is small enough).
    func compile(_ body: [UInt8], fileName: String) -> CompileResult {
        guard body.count <= maxBodyBytes else { return Compiler.compile(bytes: body, path: fileName) }
        let key = Key(fileName: fileName, body: body)
        if let kept = entries.withLock({ $0.results[key] }) { return kept }
        let result = Compiler.compile(bytes: body, path: fileName)
        guard result.plan != nil else { return result }
        entries.withLock { entries in
            guard entries.results.updateValue(result, forKey: key) == nil else { return }
            entries.order.append(key)
            if entries.order.count > capacity {
                entries.results[entries.order.removeFirst()] = nil
            }
        }
        return result
    }

    /// How many results are kept (for tests).
    var count: Int { entries.withLock { $0.results.count } }
}
