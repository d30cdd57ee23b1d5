import Testing
import WebServer

@Suite("Request values, built in process")
struct ServerRequestTests {
    @Test func aTargetWithoutQueryHasNoRawQuery() {
        let request = ServerRequest(method: .get, target: "/api/build/b1/status")
        #expect(request.rawQuery == nil)
        #expect(request.query.parameters.isEmpty)
        #expect(request.pathComponents == ["api", "build", "b1", "status"])
    }

    @Test func plusIsASpaceInTheQueryButNotInThePath() {
        let request = ServerRequest(method: .get, target: "/a+b?q=a+b")
        #expect(request.path == "/a+b")
        #expect(request.query["q"] == "a b")
    }

    @Test func emptySegmentsAndATrailingSlashAreDropped() {
        let request = ServerRequest(method: .get, target: "//runs//x/")
        #expect(request.pathComponents == ["runs", "x"])
        #expect(request.path == "//runs//x/")
    }

    @Test func headerAssignmentReplacesEveryFieldOfThatName() {
        var headers: HTTPFields = ["A": "1", "a": "2", "B": "3"]
        headers["A"] = "9"
        #expect(headers.values(for: "a") == ["9"])
        #expect(headers.count == 2)
        headers.remove("b")
        #expect(!headers.contains("B"))
    }

    @Test func responseHelpersSetTheContentType() {
        #expect(
            ServerResponse.json([0x7B, 0x7D], status: 201).headers["content-type"] == "application/json; charset=utf-8")
        #expect(ServerResponse.text("x").body == [0x78])
        #expect(ServerResponse.empty(status: 204).body.isEmpty)
    }
}
