/// Every problem the compiler reports, with its message: the closed list of plan diagnostics.
public enum PlanProblem: Sendable, Hashable {
    case fileTooLarge(bytes: Int, limit: Int)
    case syntax(String)
    case emptyDocument
    case rootNotMapping(found: String)
    case unknownKey(String, context: String, suggestion: String?)
    case duplicateKey(String, firstLine: Int)
    case wrongType(key: String, expected: String, found: String)
    case unsupportedVersion(String)
    case invalidName(String)
    case emptyValue(key: String)
    case stepWithoutAction
    case stepWithSeveralActions([String])
    case duplicateStepId(String, firstLine: Int)
    case unknownNeed(String, suggestion: String?)
    case ambiguousNeed(String, count: Int)
    case unknownGroup(String, suggestion: String?)
    case emptyGroup(String)
    case tagWithoutProject(String)
    case emptyMatrix
    case unknownBrowser(String, suggestion: String?)
    case unconfirmedBrowser(String)
    case missingBrowserName
    case duplicateCapability(String)
    case matrixOnCommand
    case invalidDuration(key: String, text: String)
    case negativeRetries(Int64)
    case notPositive(key: String, value: String)
    case invalidChoice(key: String, value: String, choices: [String], suggestion: String?)
    case invalidURL(key: String, value: String)
    case cycle([String])
    case noSteps
    case tooManySteps(count: Int, limit: Int)
    case tooManyCells(count: Int, limit: Int)
    case ignoredOriginalKey(String)
    case duplicatePlanName(String, otherFile: String)

    /// Whether the problem stops the plan from compiling.
    public var severity: Diagnostic.Severity {
        switch self {
        case .unconfirmedBrowser, .ignoredOriginalKey: .warning
        default: .error
        }
    }

    /// The message, as printed after `path:line:col: error: `.
    public var message: String {
        switch self {
        case .fileTooLarge(let bytes, let limit):
            return "the file is \(bytes) bytes; plans may be at most \(limit) bytes"
        case .syntax(let text):
            return text
        case .emptyDocument:
            return "the plan is empty"
        case .rootNotMapping(let found):
            return "a plan is a mapping of keys (version, steps, …), not \(found)"
        case .unknownKey(let key, let context, let suggestion):
            return "unknown key '\(key)' in \(context)" + didYouMean(suggestion)
        case .duplicateKey(let key, let line):
            return "key '\(key)' is given twice (first on line \(line))"
        case .wrongType(let key, let expected, let found):
            return "'\(key)' must be \(expected), not \(found)"
        case .unsupportedVersion(let text):
            return "unsupported plan version \(text); this orch reads version 1"
        case .invalidName(let name):
            return "plan name '\(name)' may only hold lowercase letters, digits, '_' and '-'"
        case .emptyValue(let key):
            return "'\(key)' must not be empty"
        case .stepWithoutAction:
            return "a step needs one of 'trace', 'tag', 'group' or 'run'"
        case .stepWithSeveralActions(let keys):
            return "a step has exactly one of 'trace', 'tag', 'group' or 'run'; this one has "
                + keys.map { "'\($0)'" }.joined(separator: " and ")
        case .duplicateStepId(let id, let line):
            return "step id '\(id)' is already used by the step on line \(line)"
        case .unknownNeed(let name, let suggestion):
            return "'needs' names '\(name)', which is no step of this plan" + didYouMean(suggestion)
        case .ambiguousNeed(let name, let count):
            return "'needs' names '\(name)', the default id of \(count) steps; give the step you mean an 'id'"
        case .unknownGroup(let name, let suggestion):
            return "unknown group '\(name)'" + didYouMean(suggestion)
        case .emptyGroup(let name):
            return "group '\(name)' has no traces"
        case .tagWithoutProject(let tag):
            return "tag step '\(tag)' needs the plan's 'project' (the Usetrace project id)"
        case .emptyMatrix:
            return "'capabilities' must name at least one browser"
        case .unknownBrowser(let name, let suggestion):
            return "unknown browser '\(name)'; Usetrace runs chrome and firefox" + didYouMean(suggestion)
        case .unconfirmedBrowser(let name):
            return "browser '\(name)' is accepted, but Usetrace may refuse it (it runs chrome and firefox today)"
        case .missingBrowserName:
            return "a capability object needs 'browserName'"
        case .duplicateCapability(let name):
            return "capability '\(name)' is listed twice in this matrix"
        case .matrixOnCommand:
            return "'capabilities' does not apply to a 'run' step (a command has one cell)"
        case .invalidDuration(let key, let text):
            return "'\(key)' must be a duration such as 90s, 10m or 1h (at least 1s, whole seconds), not '\(text)'"
        case .negativeRetries(let n):
            return "'retries' must be 0 or more, not \(n)"
        case .notPositive(let key, let value):
            return "'\(key)' must be a whole number of at least 1, not \(value)"
        case .invalidChoice(let key, let value, let choices, let suggestion):
            return "'\(key)' must be one of \(choices.joined(separator: ", ")), not '\(value)'" + didYouMean(suggestion)
        case .invalidURL(let key, let value):
            return "'\(key)' must be an http:// or https:// URL, not '\(value)'"
        case .cycle(let path):
            return "the steps' needs form a cycle: " + path.joined(separator: " -> ")
        case .noSteps:
            return "a plan needs at least one step"
        case .tooManySteps(let count, let limit):
            return "the plan has \(count) steps after expansion; at most \(limit) are allowed"
        case .tooManyCells(let count, let limit):
            return "the plan has \(count) cells; at most \(limit) are allowed"
        case .ignoredOriginalKey(let key):
            return "key '\(key)' is not part of the original order format and is ignored"
        case .duplicatePlanName(let name, let otherFile):
            return "plan name '\(name)' is also used by \(otherFile); names are unique in a folder"
        }
    }

    private func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ""
    }
}

extension Diagnostic {
    /// The diagnostic for `problem` at `location`.
    public init(_ problem: PlanProblem, at location: SourceLocation) {
        self.init(problem.severity, location, problem.message)
    }
}
