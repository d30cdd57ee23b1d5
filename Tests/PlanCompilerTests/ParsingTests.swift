import Foundation
import Testing

@testable import PlanCompiler

/// Parsing YAML and JSON through libyaml: positions, JSON as JSON allows it, limits and malformed input.
@Suite struct ParsingTests {
    static let order =
        #"{"projectID":"P","requiredCapabilities":[{"browserName":"chrome"}],"runOrder":["A","tag:goon"]}"#

    @Test func minifiedJSONCompiles() throws {
        let plan = try #require(compiled(Self.order, path: "o.json"))
        #expect(plan.cells.map(\.target) == ["A", "goon"])
    }

    @Test func tabIndentedJSONWithoutFinalNewlineCompiles() throws {
        let text = "{\n\t\"steps\": [\n\t\t{\"trace\": \"A\"},\n\t\t{\"trace\": \"B\"}\n\t]\n}"
        let plan = try #require(compiled(text, path: "p.json"))
        #expect(plan.cells.map(\.target) == ["A", "B"])
    }

    @Test func crlfLineEndingsCompile() throws {
        let plan = try #require(compiled("steps:\r\n  - trace: A\r\n  - trace: B\r\n"))
        #expect(plan.cells.map(\.target) == ["A", "B"])
    }

    @Test func jsonUnicodeEscapesIncludingSurrogatePairsAreDecoded() throws {
        let text = #"{"steps": [{"trace": "caf\u00e9 \ud83d\ude00 \u0041"}]}"#
        let plan = try #require(compiled(text, path: "p.json"))
        #expect(plan.cells.first?.target == "café 😀 A")
    }

    @Test func positionsAfterASurrogatePairAreThoseOfTheOriginalText() {
        // The unknown key starts at column 38 of the text as written (the pair's 12 characters count).
        let text = #"{"steps": [{"trace": "\ud83d\ude00", "retires": 1}]}"#
        #expect(
            problems(text, path: "p.json") == [
                "p.json:1:38: error: unknown key 'retires' in a step; did you mean 'retries'?"
            ])
    }

    @Test func jsonKeysLongerThanYAMLAllowsAreRead() {
        let key = String(repeating: "k", count: 2000)
        let text = #"{"steps": ["A"], "parameters": {""# + key + #"": "v"}, "bogus": 1}"#
        let expectedColumn = text.distance(from: text.startIndex, to: text.range(of: "\"bogus\"")!.lowerBound) + 1
        #expect(
            problems(text, path: "p.json") == ["p.json:1:\(expectedColumn): error: unknown key 'bogus' in the plan"])
    }

    @Test func jsonKeyWithItsColonOnTheNextLineIsRead() throws {
        let plan = try #require(compiled("{\"steps\"\n: [\"A\"]}", path: "p.json"))
        #expect(plan.cells.count == 1)
    }

    @Test func jsonStringsAreStringsAndNumbersAreNumbers() {
        #expect(
            problems(#"{"steps": ["A"], "maxParallel": "2"}"#, path: "p.json") == [
                "p.json:1:33: error: 'maxParallel' must be a whole number, not a string"
            ])
    }

    @Test func syntaxErrorsNameTheirPlace() {
        #expect(
            problems("steps:\n  - trace: A\n bad: [\n") == [
                "plan.yaml:3:2: error: did not find expected key (while parsing a block mapping)"
            ])
    }

    @Test func truncatedDocumentsAreErrors() {
        let full = "version: 1\nsteps:\n  - trace: \"A\n"
        #expect(problems(full).count == 1)
        let json = #"{"steps": [{"trace": "A"}"#
        #expect(problems(json, path: "p.json").count == 1)
    }

    @Test func aliasesAreRefusedBeforeTheyExpand() {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for i in 1..<30 {
            lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]")
        }
        lines.append("steps: [A]")
        let start = Date()
        let result = problems(lines.joined(separator: "\n"))
        #expect(result == ["plan.yaml:2:10: error: YAML aliases (*name) are not allowed in plans; write the value out"])
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func filesOverTenMebibytesAreRefused() {
        let bytes = [UInt8](repeating: UInt8(ascii: " "), count: Compiler.maxFileBytes + 1)
        #expect(
            Compiler.compile(bytes: bytes, path: "big.yaml").diagnostics.map(\.rendered) == [
                "big.yaml:1:1: error: the file is 10485761 bytes; plans may be at most 10485760 bytes"
            ])
    }

    @Test func plansOverTheStepLimitAreRefused() {
        let traces = (0..<1001).map { "T\($0)" }.joined(separator: ", ")
        let steps = Array(repeating: "  - group: g", count: 100).joined(separator: "\n")
        let text = "groups:\n  g: [\(traces)]\nsteps:\n\(steps)\n"
        #expect(
            problems(text) == [
                "plan.yaml:1:1: error: the plan has 100100 steps after expansion; at most 100000 are allowed"
            ])
    }

    @Test func plansOverTheCellLimitAreRefused() {
        let traces = (0..<25001).map { "T\($0)" }.joined(separator: ", ")
        let text = "capabilities: [chrome, firefox, edge, safari]\ngroups:\n  g: [\(traces)]\nsteps:\n  - group: g\n"
        let errors = compile(text).errors.map(\.rendered)
        #expect(errors == ["plan.yaml:1:1: error: the plan has 100004 cells; at most 100000 are allowed"])
    }

    @Test func binaryBytesAreAnErrorNotACrash() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let bytes = (0..<512).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let result = Compiler.compile(bytes: bytes, path: "bin.yaml")
            #expect(result.plan == nil)
            #expect(!result.errors.isEmpty)
        }
        let nul = Compiler.compile(bytes: Array("steps: [A]\n\u{0}".utf8), path: "nul.yaml")
        #expect(nul.plan == nil)
    }

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(problems("steps: " + deep) == ["plan.yaml:1:71: error: the document nests deeper than 64 levels"])
    }

    @Test func hugeScalarsAreReadOrRefusedWithoutCrashing() throws {
        let huge = String(repeating: "x", count: 5_000_000)
        let plan = try #require(compiled("steps:\n  - trace: \(huge)\n"))
        #expect(plan.cells.first?.target.count == 5_000_000)
    }

    @Test func aSecondDocumentIsRefused() {
        #expect(
            problems("steps: [A]\n---\nsteps: [B]\n") == [
                "plan.yaml:2:1: error: a plan file holds one YAML document; found a second one here"
            ])
    }

    @Test func yesAndNoAreNotBooleans() {
        #expect(
            problems("steps:\n  - trace: A\n    continueOnError: no\n") == [
                "plan.yaml:3:22: error: 'continueOnError' must be true or false, not a string"
            ])
    }

    @Test func quotedNumbersAreStringsAndTaggedStringsToo() throws {
        let plan = try #require(compiled("steps:\n  - trace: !!str 123\n  - trace: '456'\n"))
        #expect(plan.cells.map(\.target) == ["123", "456"])
    }

    @Test func randomMutationsOfAPlanNeverCrash() throws {
        let base = try String(contentsOf: repositoryRoot.appendingPathComponent("plans/checkout.yaml"), encoding: .utf8)
        var bytes = Array(base.utf8)
        var rng = SplitMix64(seed: 42)
        for _ in 0..<300 {
            var mutated = bytes
            for _ in 0..<Int(rng.next() % 8 + 1) {
                let i = Int(rng.next() % UInt64(mutated.count))
                switch rng.next() % 3 {
                case 0: mutated[i] = UInt8(truncatingIfNeeded: rng.next())
                case 1: mutated.remove(at: i)
                default: mutated.insert(Array("[]{}:-'\"&*!|>#\t\n".utf8)[Int(rng.next() % 16)], at: i)
                }
            }
            _ = Compiler.compile(bytes: mutated, path: "m.yaml")
            _ = Compiler.compile(bytes: Array(mutated.prefix(Int(rng.next() % UInt64(mutated.count)))), path: "t.yaml")
        }
        bytes.removeAll()
    }
}

/// A small deterministic generator for mutation tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
