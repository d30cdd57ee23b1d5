import JSON

/// Reads a parsed document into `PlanSyntax`: version 1 plans and the original `runOrder` JSON.
struct PlanReader {
    static let planKeys = [
        "version", "name", "project", "capabilities", "baseUrl", "parameters", "defaults", "maxParallel", "order",
        "onFailure", "groups", "steps",
    ]
    static let stepKeys = [
        "trace", "tag", "group", "run", "id", "needs", "capabilities", "retries", "timeout", "continueOnError",
    ]
    static let actionKeys = ["trace", "tag", "group", "run"]
    static let defaultsKeys = ["timeout", "retries"]
    static let originalKeys = ["projectID", "requiredCapabilities", "runOrder"]
    /// Browsers Usetrace runs today.
    static let browsers = ["chrome", "firefox"]
    /// Browsers accepted with a warning.
    static let unconfirmedBrowsers = ["edge", "safari"]

    typealias Node = SourceTree.Node

    var reader: NodeReader
    private var tree: SourceTree { reader.tree }
    /// Steps of the tree's `steps` list read ahead while it was parsed, if they were.
    private let prefetched: StepPrefetch.Steps?

    init(_ tree: SourceTree, prefetched: StepPrefetch.Steps? = nil) {
        reader = NodeReader(tree)
        self.prefetched = prefetched
    }

    /// Reads the tree's root; `nil` when the document is not a mapping at all.
    mutating func read() -> PlanSyntax? {
        let root = tree.root
        guard tree.kind(root) == .mapping else {
            reader.report(.rootNotMapping(found: tree.kindDescription(root)), at: tree.location(root))
            return nil
        }
        guard let entries = reader.mapping(root, key: "plan") else { return nil }
        let keys = Set(entries.map(\.key))
        if keys.contains("runOrder") && !keys.contains("steps") && !keys.contains("version") {
            return readOriginal(entries, root: tree.location(root))
        }
        return readVersion1(entries, root: tree.location(root))
    }

    // MARK: Version 1

    private mutating func readVersion1(_ all: [NodeReader.Entry], root: SourceLocation) -> PlanSyntax {
        var plan = PlanSyntax(format: .version1, root: root)
        var sawSteps = false
        for entry in reader.knownEntries(all, known: Self.planKeys, context: "the plan") {
            let value = entry.value
            switch entry.key {
            case "version":
                if tree.isScalar(value), tree.style(value) == .plain, case .int(1) = tree.plainScalar(value) { break }
                if tree.isScalar(value) {
                    reader.report(.unsupportedVersion(tree.string(value)), at: tree.location(value))
                } else {
                    reader.report(
                        .wrongType(key: "version", expected: "the number 1", found: tree.kindDescription(value)),
                        at: tree.location(value))
                }
            case "name":
                guard let name = reader.string(value, key: "name") else { break }
                if PlanName.isValid(name.value) {
                    plan.name = name
                } else {
                    reader.report(.invalidName(name.value), at: name.location)
                }
            case "project":
                plan.project = reader.string(value, key: "project")
            case "capabilities":
                plan.capabilities = capabilityList(value, key: "capabilities")
            case "baseUrl":
                plan.baseUrl = url(value, key: "baseUrl")
            case "parameters":
                plan.parameters = parameters(value)
            case "defaults":
                readDefaults(value, into: &plan)
            case "maxParallel":
                plan.maxParallel = positive(value, key: "maxParallel")
            case "order":
                plan.order = reader.choice(value, key: "order", as: RunOrder.self) ?? .stage
            case "onFailure":
                plan.onFailure = reader.choice(value, key: "onFailure", as: FailurePolicy.self) ?? .stop
            case "groups":
                plan.groups = groups(value)
            case "steps":
                sawSteps = true
                guard tree.kind(value) == .sequence else {
                    reader.report(
                        .wrongType(key: "steps", expected: "a list", found: tree.kindDescription(value)),
                        at: tree.location(value))
                    break
                }
                let items = tree.children(value)
                if items.isEmpty { reader.report(.noSteps, at: tree.location(value)) }
                if let prefetched, prefetched.list == value {
                    reader.append(prefetched.diagnostics)
                    plan.steps = prefetched.steps
                } else {
                    plan.steps = steps(items)
                }
            default:
                break
            }
        }
        if !sawSteps { reader.report(.noSteps, at: root) }
        return plan
    }

    /// Reads the items of `steps`, in order.
    private mutating func steps(_ items: ArraySlice<Node>) -> [StepSyntax] {
        var steps: [StepSyntax] = []
        steps.reserveCapacity(items.count)
        for item in items {
            if let parsed = step(item) { steps.append(parsed) }
        }
        return steps
    }

    private mutating func readDefaults(_ node: Node, into plan: inout PlanSyntax) {
        guard let entries = reader.mapping(node, key: "defaults") else { return }
        for entry in reader.knownEntries(entries, known: Self.defaultsKeys, context: "defaults") {
            switch entry.key {
            case "timeout": plan.defaultTimeoutSeconds = reader.durationSeconds(entry.value, key: "timeout")
            case "retries": plan.defaultRetries = retries(entry.value)
            default: break
            }
        }
    }

    /// One item of `steps`: a mapping, or a bare trace id.
    mutating func step(_ node: Node) -> StepSyntax? {
        // A bare string in `steps` is a trace id (or `tag:NAME`), as in `runOrder`.
        if tree.isScalar(node) {
            guard let target = reader.string(node, key: "step") else { return nil }
            return StepSyntax(
                location: tree.location(node), action: Located(Self.traceOrTag(target.value), at: target.location))
        }
        guard let all = reader.mapping(node, key: "step") else { return nil }
        let entries = reader.knownEntries(all, known: Self.stepKeys, context: "a step")
        guard let firstIndex = entries.firstIndex(where: { Self.actionKeys.contains($0.key) }) else {
            reader.report(.stepWithoutAction, at: tree.location(node))
            return nil
        }
        let first = entries[firstIndex]
        if entries[(firstIndex + 1)...].contains(where: { Self.actionKeys.contains($0.key) }) {
            let actions = entries.filter { Self.actionKeys.contains($0.key) }
            reader.report(.stepWithSeveralActions(actions.map(\.key)), at: tree.location(actions[1].keyNode))
            return nil
        }
        guard let target = reader.string(first.value, key: first.key) else { return nil }
        let action: StepSyntax.Action
        switch first.key {
        case "trace": action = Self.traceOrTag(target.value)
        case "tag": action = .tag(target.value)
        case "group": action = .group(target.value)
        default: action = .run(target.value)
        }
        var step = StepSyntax(location: tree.location(node), action: Located(action, at: target.location))
        for entry in entries {
            let value = entry.value
            switch entry.key {
            case "id": step.id = reader.string(value, key: "id")
            case "needs": step.needs = reader.stringList(value, key: "needs") ?? []
            case "capabilities":
                if case .run = action {
                    reader.report(.matrixOnCommand, at: tree.location(entry.keyNode))
                } else {
                    step.capabilities = capabilityList(value, key: "capabilities")
                }
            case "retries": step.retries = retries(value)
            case "timeout": step.timeoutSeconds = reader.durationSeconds(value, key: "timeout")
            case "continueOnError": step.continueOnError = reader.boolean(value, key: "continueOnError") ?? false
            default: break
            }
        }
        return step
    }

    // MARK: The original order format

    private mutating func readOriginal(_ entries: [NodeReader.Entry], root: SourceLocation) -> PlanSyntax {
        var plan = PlanSyntax(format: .originalOrder, root: root)
        for entry in entries {
            let value = entry.value
            switch entry.key {
            case "projectID":
                plan.project = reader.string(value, key: "projectID")
            case "requiredCapabilities":
                plan.capabilities = capabilityList(value, key: "requiredCapabilities")
            case "runOrder":
                guard tree.kind(value) == .sequence else {
                    reader.report(
                        .wrongType(key: "runOrder", expected: "a list", found: tree.kindDescription(value)),
                        at: tree.location(value))
                    break
                }
                let items = tree.children(value)
                if items.isEmpty { reader.report(.noSteps, at: tree.location(value)) }
                for item in items {
                    guard let target = reader.string(item, key: "runOrder entry") else { continue }
                    let at = tree.location(item)
                    plan.steps.append(StepSyntax(location: at, action: Located(Self.traceOrTag(target.value), at: at)))
                }
            default:
                reader.report(.ignoredOriginalKey(entry.key), at: tree.location(entry.keyNode))
            }
        }
        return plan
    }

    // MARK: Values shared by both formats

    /// `tag:NAME` names the tag NAME; anything else is a trace id.
    static func traceOrTag(_ text: String) -> StepSyntax.Action {
        text.hasPrefix("tag:") ? .tag(String(text.dropFirst(4))) : .trace(text)
    }

    private mutating func capabilityList(_ node: Node, key: String) -> Located<[Located<Capability>]>? {
        let items: ArraySlice<Node> = tree.kind(node) == .sequence ? tree.children(node) : [node]
        if items.isEmpty {
            reader.report(.emptyMatrix, at: tree.location(node))
            return nil
        }
        var result: [Located<Capability>] = []
        var seen: Set<String> = []
        for item in items {
            guard let capability = capability(item, key: key) else { continue }
            if !seen.insert(capability.identity).inserted {
                reader.report(.duplicateCapability(capability.browserName), at: tree.location(item))
                continue
            }
            result.append(Located(capability, at: tree.location(item)))
        }
        return result.isEmpty ? nil : Located(result, at: tree.location(node))
    }

    private mutating func capability(_ node: Node, key: String) -> Capability? {
        let nameNode: Node
        var members: [String: JSONValue] = [:]
        switch tree.kind(node) {
        case .scalar:
            nameNode = node
        case .sequence:
            reader.report(
                .wrongType(key: key, expected: "a browser name or a capability object", found: "a list"),
                at: tree.location(node))
            return nil
        case .mapping:
            guard let entries = reader.mapping(node, key: key) else { return nil }
            for entry in entries where entry.key != "browserName" {
                members[entry.key] = reader.json(entry.value)
            }
            let tree = self.tree
            guard
                let browser = (0..<tree.count(node)).lazy.map({ tree.pair(node, $0) }).first(where: { pair in
                    tree.isScalar(pair.key) && tree.string(pair.key) == "browserName"
                })
            else {
                reader.report(.missingBrowserName, at: tree.location(node))
                return nil
            }
            nameNode = browser.value
        }
        guard let name = reader.string(nameNode, key: "browserName") else { return nil }
        guard Self.browsers.contains(name.value) else {
            if Self.unconfirmedBrowsers.contains(name.value) {
                reader.report(.unconfirmedBrowser(name.value), at: name.location)
            } else {
                let all = Self.browsers + Self.unconfirmedBrowsers
                reader.report(
                    .unknownBrowser(name.value, suggestion: Suggestion.closest(to: name.value, among: all)),
                    at: name.location)
                return nil
            }
            members["browserName"] = .string(name.value)
            return Capability(members: members)
        }
        members["browserName"] = .string(name.value)
        return Capability(members: members)
    }

    private mutating func groups(_ node: Node) -> [String: Located<[Located<String>]>] {
        guard let entries = reader.mapping(node, key: "groups") else { return [:] }
        var result: [String: Located<[Located<String>]>] = [:]
        for entry in entries {
            guard tree.kind(entry.value) == .sequence else {
                reader.report(
                    .wrongType(
                        key: "groups.\(entry.key)", expected: "a list of trace ids",
                        found: tree.kindDescription(entry.value)), at: tree.location(entry.value))
                continue
            }
            let traces = reader.stringList(entry.value, key: "groups.\(entry.key)") ?? []
            if traces.isEmpty { reader.report(.emptyGroup(entry.key), at: tree.location(entry.value)) }
            result[entry.key] = Located(traces, at: tree.location(entry.keyNode))
        }
        return result
    }

    private mutating func parameters(_ node: Node) -> [String: JSONValue] {
        guard let entries = reader.mapping(node, key: "parameters") else { return [:] }
        var result: [String: JSONValue] = [:]
        for entry in entries {
            // Usetrace's trace parameters are text: every scalar is passed as the string it was written as.
            guard let text = reader.string(entry.value, key: "parameters.\(entry.key)", allowEmpty: true) else {
                continue
            }
            result[entry.key] = .string(text.value)
        }
        return result
    }

    private mutating func url(_ node: Node, key: String) -> Located<String>? {
        guard let text = reader.string(node, key: key) else { return nil }
        let lower = text.value.lowercased()
        let schemeEnd = lower.hasPrefix("https://") ? 8 : lower.hasPrefix("http://") ? 7 : 0
        guard schemeEnd > 0, text.value.count > schemeEnd, !text.value.contains(where: \.isWhitespace) else {
            reader.report(.invalidURL(key: key, value: text.value), at: text.location)
            return nil
        }
        return text
    }

    private mutating func retries(_ node: Node) -> Int? {
        guard let n = reader.integer(node, key: "retries") else { return nil }
        guard n >= 0 else {
            reader.report(.negativeRetries(n), at: tree.location(node))
            return nil
        }
        return Int(min(n, 100))
    }

    private mutating func positive(_ node: Node, key: String) -> Int? {
        guard let n = reader.integer(node, key: key) else { return nil }
        guard n >= 1 else {
            reader.report(.notPositive(key: key, value: String(n)), at: tree.location(node))
            return nil
        }
        return Int(min(n, Int64(Int32.max)))
    }
}

/// Plan names: `[a-z0-9_-]+`.
enum PlanName {
    static func isValid(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { c in
                (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
            }
    }

    /// The default name from a file path: the file name without its extension, made valid.
    static func fromPath(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let stem = file.split(separator: ".", omittingEmptySubsequences: false).dropLast().joined(separator: ".")
        let base = (stem.isEmpty ? file : stem).lowercased()
        let cleaned = String(
            base.map { c -> Character in
                PlanName.isValid(String(c)) ? c : "-"
            })
        return cleaned.isEmpty ? "plan" : cleaned
    }
}
