import PlanCompiler
import Testing

@testable import Server

@Suite struct CompileCacheTests {
    let order = Array(#"{"projectID": "P", "runOrder": ["A", "B"]}"#.utf8)

    @Test func aBodyCompiledAgainGivesTheSameResultAndIsKeptOnce() throws {
        let cache = CompileCache()
        let first = cache.compile(order, fileName: "order.json")
        let second = cache.compile(order, fileName: "order.json")
        let plan = try #require(first.plan)
        #expect(second.plan?.hash == plan.hash)
        #expect(plan.hash == Compiler.compile(bytes: order, path: "order.json").plan?.hash)
        #expect(cache.count == 1)
    }

    @Test func theFileNameIsPartOfTheKey() throws {
        let cache = CompileCache()
        let named = try #require(cache.compile(order, fileName: "order.json").plan)
        let other = try #require(cache.compile(order, fileName: "smoke.json").plan)
        #expect(named.name == "order")
        #expect(other.name == "smoke")
        #expect(cache.count == 2)
    }

    @Test func aRefusedBodyIsNotKept() {
        let cache = CompileCache()
        let result = cache.compile(Array(#"{"runOrder": "#.utf8), fileName: "order.json")
        #expect(result.plan == nil)
        #expect(!result.errors.isEmpty)
        #expect(cache.count == 0)
    }

    @Test func theOldestResultGoesWhenFullAndLargeBodiesAreNeverKept() {
        let cache = CompileCache(capacity: 2, maxBodyBytes: 100)
        for trace in ["A", "B", "C"] {
            _ = cache.compile(Array(#"{"projectID": "P", "runOrder": ["\#(trace)"]}"#.utf8), fileName: "order.json")
        }
        #expect(cache.count == 2)
        let large = Array(#"{"projectID": "P", "runOrder": ["\#(String(repeating: "x", count: 100))"]}"#.utf8)
        #expect(cache.compile(large, fileName: "order.json").plan != nil)
        #expect(cache.count == 2)
    }
}
