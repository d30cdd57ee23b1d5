import JSON

/// The result of compiling one plan: the plan when there were no errors, and every diagnostic found.
public struct CompileResult: Sendable {
    /// The compiled plan; `nil` when any diagnostic is an error.
    public var plan: CompiledPlan?
    /// Errors and warnings, in file order.
    public var diagnostics: [Diagnostic]

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

    /// Compiles `text`, read from `path`; `defaultName` is the plan's name when it gives none
    /// (the file name without extension, by default).
    public static func compile(text: String, path: String, defaultName: String? = nil) -> CompileResult {
        fatalError("not yet implemented")
    }
}
