import Testing

@testable import PlanCompiler

/// Step ids with their hash worked out once behave as the `String`s they hold.
@Suite struct HashedIDTests {
    @Test func idsEqualAsStringsAreEqualAndHashAlike() {
        // The same text, precomposed and decomposed: equal as Swift strings.
        let composed = HashedID("caf\u{E9}")
        let decomposed = HashedID("cafe\u{301}")
        #expect(composed == decomposed)
        #expect(Set([composed, decomposed]).count == 1)
        #expect(HashedID("A") != HashedID("A#2"))
    }

    @Test func hashesOfManyIdsAreTheStringHashesInOrder() {
        let ids = (0..<(HashedID.parallelCount + 3)).map { "T\($0)" }
        #expect(HashedID.hashes(ids) == ids.map(\.hashValue))
        let few = ["a", "b", "c"]
        #expect(HashedID.hashes(few) == few.map(\.hashValue))
    }

    @Test func repeatedDefaultIdsInALongPlanAreNumbered() throws {
        var text = "steps:\n"
        for i in 0..<(HashedID.parallelCount + 10) { text += "  - trace: T\(i % 1000)\n" }
        let plan = try #require(compiled(text))
        #expect(plan.cells[0].stepId == "T0")
        #expect(plan.cells[1000].stepId == "T0#2")
        #expect(plan.cells[4000].stepId == "T0#5")
    }
}
