import JSON

/// The result of compiling one plan: the plan when there were no errors, and every diagnostic found.
public struct CompileResult: Sendable {
    /// The compiled plan; `nil` when any diagnostic is an error.
    public var plan: CompiledPlan?
    /// Errors and warnings, in file order.
    public var diagnostics: [Diagnostic]

    public init(plan: CompiledPlan?, diagnostics: [Diagnostic]) {
        self.plan = plan
        self.diagnostics = diagnostics
    }

    /// The diagnostics that are errors.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    /// The diagnostics that are warnings.
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

/// Compiles plan text (version 1 YAML/JSON, or the original `runOrder` JSON) into a `CompiledPlan`.
public enum Compiler {
    /// The largest plan file accepted, in bytes.
    public static let maxFileBytes = 10 * 1024 * 1024
    /// The most steps (after expansion) or cells a plan may have.
    public static let maxStepsOrCells = 100_000

    /// Compiles the bytes of a plan file read from `path`; `defaultName` is the plan's name when it
    /// gives none (by default the file name without its extension).
    public static func compile(bytes: [UInt8], path: String, defaultName: String? = nil) -> CompileResult {
        let start = SourceLocation(file: path, line: 1, column: 1)
        guard bytes.count <= maxFileBytes else {
            return failure(.fileTooLarge(bytes: bytes.count, limit: maxFileBytes), at: start)
        }
        // The tree, the syntax and the expansion are gone once `stages` returns; the text is all
        // written and hashed but for its last chunk, hashed by `digest`.
        switch stages(bytes, path: path, defaultName: defaultName, start: start) {
        case .finished(let result):
            return result
        case .resolved(var plan, let hash, var diagnostics):
            diagnostics.sort { $0.location < $1.location }
            if let hash { plan?.hash = hash.digest() }
            let ok = !diagnostics.contains { $0.severity == .error }
            return CompileResult(plan: ok ? plan : nil, diagnostics: diagnostics)
        }
    }

    /// What parsing, reading and resolving made of a file.
    private enum Stages {
        /// The file stopped compiling early (it could not be parsed, or is no plan at all).
        case finished(CompileResult)
        /// The plan if it resolved (its hash still being worked out), and every diagnostic, unsorted.
        case resolved(CompiledPlan?, PlanHash.Pending?, [Diagnostic])
    }

    private static func stages(_ bytes: [UInt8], path: String, defaultName: String?, start: SourceLocation) -> Stages {
        let tree: SourceTree
        // A long `steps` list is read on a second thread while the rest of the file is parsed.
        let prefetch = StepPrefetch()
        do {
            tree = try YAMLParser.parse(bytes, file: path, prefetch: prefetch)
        } catch {
            return .finished(failure(.syntax(error.message), at: error.location))
        }
        guard tree.root >= 0 else { return .finished(failure(.emptyDocument, at: start)) }
        var reader = PlanReader(tree, prefetched: prefetch.result())
        guard let syntax = reader.read() else {
            return .finished(CompileResult(plan: nil, diagnostics: reader.reader.diagnostics))
        }
        var diagnostics = reader.reader.diagnostics
        let resolved = resolve(
            syntax, name: syntax.name?.value ?? defaultName ?? PlanName.fromPath(path), into: &diagnostics)
        return .resolved(resolved?.plan, resolved?.hash, diagnostics)
    }

    /// Compiles plan text; see `compile(bytes:path:defaultName:)`.
    public static func compile(text: String, path: String, defaultName: String? = nil) -> CompileResult {
        compile(bytes: Array(text.utf8), path: path, defaultName: defaultName)
    }

    /// Parses `bytes` with libyaml alone, building nothing; the floor for the compiler's benchmark.
    /// Returns the number of events, or `nil` if the text is not well-formed.
    public static func parseOnly(bytes: [UInt8]) -> Int? {
        YAMLParser.countEvents(bytes)
    }

    /// Diagnostics for plans of one folder that share a name (each entry: path, compiled plan, where its name is).
    public static func duplicateNames(_ plans: [(path: String, plan: CompiledPlan)]) -> [Diagnostic] {
        var firstPath: [String: String] = [:]
        var diagnostics: [Diagnostic] = []
        for entry in plans {
            if let other = firstPath[entry.plan.name] {
                diagnostics.append(
                    Diagnostic(
                        .duplicatePlanName(entry.plan.name, otherFile: other),
                        at: SourceLocation(file: entry.path, line: 1, column: 1)))
            } else {
                firstPath[entry.plan.name] = entry.path
            }
        }
        return diagnostics
    }

    private static func failure(_ problem: PlanProblem, at location: SourceLocation) -> CompileResult {
        CompileResult(plan: nil, diagnostics: [Diagnostic(problem, at: location)])
    }

    /// The plan (without its hash) and its hash under way, or `nil` when the plan does not resolve.
    private static func resolve(
        _ syntax: PlanSyntax, name: String, into diagnostics: inout [Diagnostic]
    ) -> (plan: CompiledPlan, hash: PlanHash.Pending)? {
        let expansion = StepExpansion(syntax, maxSteps: maxStepsOrCells)
        diagnostics += expansion.diagnostics
        if expansion.overLimit {
            diagnostics.append(
                Diagnostic(.tooManySteps(count: countExpandedSteps(syntax), limit: maxStepsOrCells), at: syntax.root))
            return nil
        }
        if syntax.project == nil {
            for step in expansion.steps where step.kind == .tag {
                diagnostics.append(Diagnostic(.tagWithoutProject(step.target), at: step.location))
            }
        }
        let line: [Int]
        switch Linearization.order(count: expansion.steps.count, needs: expansion.needs) {
        case .ordered(let order):
            line = order
        case .cycle(let cycle):
            let ids = cycle.map { expansion.steps[$0].id }
            let first = cycle[0]
            let next = cycle.count > 1 ? cycle[1] : first
            let at = expansion.needLocations[first][next] ?? expansion.steps[first].location
            diagnostics.append(Diagnostic(.cycle(ids + [ids[0]]), at: at))
            return nil
        }
        let matrix = CellMatrix(line: line, steps: expansion.steps, plan: syntax, maxCells: maxStepsOrCells)
        if matrix.overLimit {
            let count = expansion.steps.reduce(0) { total, step in
                total
                    + (step.kind == .command ? 1 : (step.capabilities?.count ?? syntax.capabilities?.value.count ?? 1))
            }
            diagnostics.append(Diagnostic(.tooManyCells(count: count, limit: maxStepsOrCells), at: syntax.root))
            return nil
        }
        var plan = CompiledPlan(
            name: name, hash: "", project: syntax.project?.value, baseUrl: syntax.baseUrl?.value,
            parameters: syntax.parameters, order: syntax.order, onFailure: syntax.onFailure,
            maxParallel: syntax.maxParallel, stageCount: line.count, cells: [])
        // The text is written from the layout and hashed on another thread; the cells are made a
        // few stages at a time as their text is written (by the hashing queue, when it has caught
        // up), so the writer never runs far ahead of the queue and the same few chunks go round, warm.
        let header = plan
        let made = matrix.cells(expansion.steps, needs: expansion.needs) { maker in
            PlanHash.begin(header, cells: matrix, steps: expansion.steps, needs: expansion.needs, making: maker)
        }
        plan.cells = made.cells
        return (plan, made.result)
    }

    /// How many steps the plan would expand to, for the limit message (counted, not built).
    private static func countExpandedSteps(_ syntax: PlanSyntax) -> Int {
        syntax.steps.reduce(0) { total, step in
            switch step.action.value {
            case .group(let name): total + (syntax.groups[name]?.value.count ?? 0)
            case .tag(let name): total + (syntax.groups[name]?.value.count ?? 1)
            default: total + 1
            }
        }
    }
}
