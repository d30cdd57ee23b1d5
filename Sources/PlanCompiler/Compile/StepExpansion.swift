/// Expands groups, gives every step its id, and resolves `needs` to step indices.
struct StepExpansion {
    var steps: [ExpandedStep] = []
    /// For each expanded step, the indices of the steps it needs (deduplicated, in written order).
    var needs: [[Int]] = []
    /// For each expanded step and each of its resolved needs, where the need was written.
    var needLocations: [[Int: SourceLocation]] = []
    var diagnostics: [Diagnostic] = []
    /// Set when expansion stopped because the plan grew past the step limit.
    var overLimit = false

    init(_ plan: PlanSyntax, maxSteps: Int) {
        expand(plan, maxSteps: maxSteps)
        guard !overLimit else { return }
        assignIds(plan)
        resolveNeeds(plan)
    }

    /// Default ids before de-duplication, one per expanded step.
    private var defaultIds: [String] = []
    /// The explicit id of the written step each expanded step came from, if any.
    private var explicitIds: [Located<String>?] = []
    /// The group each expanded step came from, if any.
    private var groupNames: [String?] = []

    private mutating func expand(_ plan: PlanSyntax, maxSteps: Int) {
        var commandCount = 0
        // Most plans have no groups: one expanded step per written step.
        let expected = min(plan.steps.count, maxSteps)
        steps.reserveCapacity(expected)
        defaultIds.reserveCapacity(expected)
        explicitIds.reserveCapacity(expected)
        groupNames.reserveCapacity(expected)
        // The written steps are read in place: a step is copied only into what is built from it.
        plan.steps.withUnsafeBufferPointer { written in
            for index in written.indices {
                if !expandStep(written, index, plan, maxSteps, &commandCount) { return }
            }
        }
    }

    /// Expands the written step `written[index]`; `false` when the plan has grown past `maxSteps`.
    private mutating func expandStep(
        _ written: UnsafeBufferPointer<StepSyntax>, _ index: Int, _ plan: PlanSyntax, _ maxSteps: Int,
        _ commandCount: inout Int
    ) -> Bool {
        func add(_ kind: StepKind, _ target: String, defaultId: String, group: String?) -> Bool {
            guard steps.count < maxSteps else {
                overLimit = true
                return false
            }
            steps.append(
                ExpandedStep(
                    kind: kind, target: target, id: "", location: written[index].location, sourceIndex: index,
                    needs: written[index].needs, capabilities: written[index].capabilities?.value,
                    retries: written[index].retries, timeoutSeconds: written[index].timeoutSeconds,
                    continueOnError: written[index].continueOnError))
            defaultIds.append(defaultId)
            explicitIds.append(written[index].id)
            groupNames.append(group)
            return true
        }
        func addGroup(_ name: String, _ traces: [Located<String>]) -> Bool {
            for trace in traces {
                let action = PlanReader.traceOrTag(trace.value)
                let ok: Bool
                switch action {
                case .tag(let tag): ok = add(.tag, tag, defaultId: "\(name)/tag:\(tag)", group: name)
                default: ok = add(.trace, trace.value, defaultId: "\(name)/\(trace.value)", group: name)
                }
                if !ok { return false }
            }
            return true
        }
        let ok: Bool
        switch written[index].action.value {
        case .trace(let trace):
            ok = add(.trace, trace, defaultId: trace, group: nil)
        case .tag(let tag):
            if let group = plan.groups[tag] {
                ok = addGroup(tag, group.value)
            } else {
                ok = add(.tag, tag, defaultId: "tag:\(tag)", group: nil)
            }
        case .group(let name):
            guard let group = plan.groups[name] else {
                diagnostics.append(
                    Diagnostic(
                        .unknownGroup(
                            name, suggestion: Suggestion.closest(to: name, among: plan.groups.keys.sorted())),
                        at: written[index].action.location))
                return true
            }
            ok = addGroup(name, group.value)
        case .run(let command):
            commandCount += 1
            ok = add(.command, command, defaultId: "run-\(commandCount)", group: nil)
        }
        return ok
    }

    /// Explicit ids must be unique; defaults that repeat (or collide with an explicit id) get `#2`, `#3`, …
    private mutating func assignIds(_ plan: PlanSyntax) {
        var explicitOwner: [String: Int] = [:]  // id → written step index
        for index in plan.steps.indices {
            guard let id = plan.steps[index].id else { continue }
            if let first = explicitOwner[id.value] {
                diagnostics.append(
                    Diagnostic(
                        .duplicateStepId(id.value, firstLine: plan.steps[first].id?.location.line ?? 0),
                        at: id.location))
            } else {
                explicitOwner[id.value] = index
            }
        }
        // One hash per step (in the common case): each default id's uses so far, whether an
        // explicit id owns it, and the last number given past an explicit id.
        var uses = DefaultUses(capacity: steps.count + explicitOwner.count)
        for id in explicitOwner.keys { uses.markExplicit(uses.entry(id, hash: id.hashValue)) }
        let defaultHashes = HashedID.hashes(defaultIds)
        idHashes = [Int](repeating: 0, count: steps.count)
        for i in steps.indices {
            if let explicit = explicitIds[i], groupNames[i] == nil {
                steps[i].id = explicit.value
                idHashes[i] = explicit.value.hashValue
                continue
            }
            let base = defaultIds[i]
            let entry = uses.entry(base, hash: defaultHashes[i])
            let use = uses.count(entry)
            // The n-th use of a default is `base#n`; an explicit id that owns `base` counts as the first.
            var n = use.count + (use.ownedByExplicit ? 1 : 0)
            // Numbers skipped past an explicit id (`A#2` written by hand) are remembered (rare).
            if let last = use.bumped { n = max(n, last + 1) }
            // `n == 1` means no explicit id owns `base` (it would count as the first).
            var candidate = n == 1 ? base : "\(base)#\(n)"
            var bumped = use.bumped != nil
            while n > 1 && !explicitOwner.isEmpty && explicitOwner[candidate] != nil {
                n += 1
                candidate = "\(base)#\(n)"
                bumped = true
            }
            if bumped { uses.bump(entry, to: n) }
            steps[i].id = candidate
            idHashes[i] = n == 1 ? defaultHashes[i] : candidate.hashValue
        }
        repeatedDefaults = [:]
        for (entry, use) in uses.uses.enumerated() where use.count > 1 {
            repeatedDefaults[uses.texts[entry]] = use.count
        }
    }

    /// Every id a `needs` entry may name, for "did you mean" (worked out only when one names none).
    private func allNames() -> Set<String> {
        var names = Set(steps.map(\.id))
        for explicit in explicitIds { if let explicit { names.insert(explicit.value) } }
        return names
    }

    /// Defaults used by more than one step, with how many: naming them in `needs` is ambiguous.
    private var repeatedDefaults: [String: Int] = [:]
    /// The `String` hash of each step's final id.
    private var idHashes: [Int] = []

    private mutating func resolveNeeds(_ plan: PlanSyntax) {
        needs = Array(repeating: [], count: steps.count)
        needLocations = Array(repeating: [:], count: steps.count)
        // Only names some step needs are indexed: most plans name few, and most steps are named by none.
        var wanted: Set<HashedID> = []
        for i in steps.indices where !steps[i].needs.isEmpty {
            for need in steps[i].needs { wanted.insert(HashedID(need.value)) }
        }
        guard !wanted.isEmpty else { return }
        // One bit per value of a hash's low 12 bits: most steps are named by no `needs`, and their
        // bit, clear, rules them out without a look-up in `wanted`.
        var mayBeWanted = [UInt64](repeating: 0, count: 64)
        for id in wanted { mayBeWanted[(id.hash & 4095) >> 6] |= 1 << UInt64(id.hash & 63) }
        func mayBe(_ hash: Int) -> Bool { mayBeWanted[(hash & 4095) >> 6] & (1 << UInt64(hash & 63)) != 0 }
        var byName: [String: [Int]] = [:]
        var explicitNamed: [String: [Int]] = [:]
        for i in steps.indices {
            if let explicit = explicitIds[i], wanted.contains(HashedID(explicit.value)) {
                explicitNamed[explicit.value, default: []].append(i)
            }
            if explicitIds[i] == nil || groupNames[i] != nil, mayBe(idHashes[i]),
                wanted.contains(HashedID(steps[i].id, hash: idHashes[i]))
            {
                byName[steps[i].id, default: []].append(i)
            }
        }
        // A group named in `needs` means every step expanded from it, when one group step used it.
        var groupSteps: [String: [Int]] = [:]
        var groupSources: [String: Set<Int>] = [:]
        for i in steps.indices {
            guard let group = groupNames[i], explicitIds[i] == nil else { continue }
            groupSteps[group, default: []].append(i)
            groupSources[group, default: []].insert(steps[i].sourceIndex)
        }
        var reportedAt: Set<SourceLocation> = []
        for i in steps.indices where !steps[i].needs.isEmpty {
            var resolved: [Int] = []
            for need in steps[i].needs {
                var targets: [Int]
                if let found = explicitNamed[need.value] {
                    // An explicit id always names its own step(s), whatever defaults look the same.
                    targets = found
                } else if let count = repeatedDefaults[need.value] {
                    if reportedAt.insert(need.location).inserted {
                        diagnostics.append(Diagnostic(.ambiguousNeed(need.value, count: count), at: need.location))
                    }
                    continue
                } else if let found = byName[need.value] {
                    targets = found
                } else if let found = groupSteps[need.value] {
                    if (groupSources[need.value]?.count ?? 0) > 1 {
                        if reportedAt.insert(need.location).inserted {
                            diagnostics.append(
                                Diagnostic(
                                    .ambiguousNeed(need.value, count: groupSources[need.value]?.count ?? 0),
                                    at: need.location))
                        }
                        continue
                    }
                    targets = found
                } else {
                    if reportedAt.insert(need.location).inserted {
                        let names = allNames().union(groupSteps.keys).sorted()
                        diagnostics.append(
                            Diagnostic(
                                .unknownNeed(need.value, suggestion: Suggestion.closest(to: need.value, among: names)),
                                at: need.location))
                    }
                    continue
                }
                // Steps of one group do not need each other through the group's own name.
                if targets.count > 1 {
                    targets.removeAll { steps[$0].sourceIndex == steps[i].sourceIndex && $0 != i }
                }
                for t in targets where !resolved.contains(t) {
                    resolved.append(t)
                    needLocations[i][t] = need.location
                }
            }
            needs[i] = resolved
        }
    }
}
