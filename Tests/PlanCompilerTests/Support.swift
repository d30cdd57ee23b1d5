import Foundation
import JSON
import Testing

@testable import PlanCompiler

/// Compiles `text` as `plan.yaml` (or the given path).
func compile(_ text: String, path: String = "plan.yaml") -> CompileResult {
    Compiler.compile(text: text, path: path)
}

/// The rendered diagnostics of compiling `text`, one string each.
func problems(_ text: String, path: String = "plan.yaml") -> [String] {
    compile(text, path: path).diagnostics.map(\.rendered)
}

/// The compiled plan of `text`, failing the test with the diagnostics when it does not compile.
func compiled(
    _ text: String, path: String = "plan.yaml", sourceLocation: Testing.SourceLocation = #_sourceLocation
)
    -> CompiledPlan?
{
    let result = compile(text, path: path)
    #expect(result.errors.isEmpty, "\(result.diagnostics.map(\.rendered))", sourceLocation: sourceLocation)
    return result.plan
}

/// The repository's root folder.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
