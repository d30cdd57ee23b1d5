import Foundation
import JSON
import PlanCompiler
import Testing

@Suite struct PlanSchemaTests {
    /// `schemas/plan.schema.json` at the package root, found from this file's place in `Tests/PlanCompilerTests`.
    static let committedFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schemas/plan.schema.json")

    @Test func committedFileIsThePrettyTextOfTheSchema() throws {
        let committed = try String(contentsOf: Self.committedFile, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        let expected = (PlanSchema.json.prettyText + "\n").split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<max(committed.count, expected.count)).first {
            $0 >= committed.count || $0 >= expected.count || committed[$0] != expected[$0]
        }
        #expect(
            line == nil,
            "schemas/plan.schema.json differs from line \((line ?? 0) + 1): regenerate it from PlanSchema.json")
    }

    @Test func committedFileIsJSONNamingItsDraftAndId() throws {
        let parsed = try JSONValue.parse(Data(contentsOf: Self.committedFile))
        let same = parsed == PlanSchema.json
        #expect(same, "schemas/plan.schema.json does not parse to PlanSchema.json")
        #expect(parsed["$schema"] == "https://json-schema.org/draft/2020-12/schema")
        #expect(parsed["$id"]?.stringValue?.isEmpty == false)
    }

    @Test func everyPropertyHasADescription() {
        var undescribed: [String] = []
        Self.visit(PlanSchema.json, path: "") { path, node in
            guard let properties = node["properties"]?.objectValue else { return }
            for (key, property) in properties where property["description"]?.stringValue?.isEmpty ?? true {
                undescribed.append(path + "/properties/" + key)
            }
        }
        #expect(undescribed.sorted() == [])
    }

    @Test func everyReferenceNamesADefinition() {
        let definitions = Set(PlanSchema.json["$defs"]?.objectValue?.keys.map { "#/$defs/" + $0 } ?? [])
        var references: [String] = []
        Self.visit(PlanSchema.json, path: "") { _, node in
            if let reference = node["$ref"]?.stringValue { references.append(reference) }
        }
        #expect(references.count >= 8)
        #expect(references.filter { !definitions.contains($0) } == [])
        #expect(definitions.subtracting(references).sorted() == [])
    }

    @Test func stepTakesExactlyOneKind() {
        let kinds = PlanSchema.json["$defs"]?["step"]?["oneOf"]?.arrayValue?.compactMap { $0["required"] }
        #expect(kinds == [["trace"], ["tag"], ["group"], ["run"]])
    }

    @Test func browsersAreTheFourKnownOnes() {
        #expect(PlanSchema.json["$defs"]?["browserName"]?["enum"] == ["chrome", "firefox", "edge", "safari"])
    }

    /// Calls `body` on every object in `value`, with its JSON-pointer-like path.
    private static func visit(_ value: JSONValue, path: String, _ body: (String, JSONValue) -> Void) {
        switch value {
        case .object(let members):
            body(path, value)
            for (key, member) in members { visit(member, path: path + "/" + key, body) }
        case .array(let items):
            for (index, item) in items.enumerated() { visit(item, path: path + "/\(index)", body) }
        default:
            break
        }
    }
}
