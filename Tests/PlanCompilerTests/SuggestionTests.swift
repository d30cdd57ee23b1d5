import PlanCompiler
import Testing

@Suite struct SuggestionTests {
    @Test func oneTypoFindsTheWord() {
        #expect(Suggestion.closest(to: "strct", among: ["format", "strict", "db"]) == "strict")
        #expect(Suggestion.closest(to: "firefx", among: ["chrome", "firefox", "edge", "safari"]) == "firefox")
    }

    @Test func swappedNeighboursCountAsOneEdit() {
        #expect(Suggestion.closest(to: "chorme", among: ["chrome", "firefox"]) == "chrome")
        #expect(Suggestion.closest(to: "nedes", among: ["needs", "steps"]) == "needs")
    }

    @Test func comparisonIgnoresCase() {
        #expect(Suggestion.closest(to: "Chrome", among: ["chrome", "firefox"]) == "chrome")
        #expect(Suggestion.closest(to: "onfailure", among: ["onFailure", "order"]) == "onFailure")
    }

    @Test func farWordsGiveNoSuggestion() {
        #expect(Suggestion.closest(to: "verbose", among: ["format", "strict", "db"]) == nil)
        #expect(Suggestion.closest(to: "opera", among: ["chrome", "firefox", "edge", "safari"]) == nil)
    }

    @Test func allowedDistanceGrowsWithLength() {
        // Two edits in a nine-letter word are a typo; two edits in a four-letter word are another word.
        #expect(Suggestion.closest(to: "paramters", among: ["parameters"]) == "parameters")
        #expect(Suggestion.closest(to: "capabilitis", among: ["capabilities"]) == "capabilities")
        #expect(Suggestion.closest(to: "cpabilitis", among: ["capabilities"]) == "capabilities")
        #expect(Suggestion.closest(to: "port", among: ["host"]) == nil)
        #expect(Suggestion.closest(to: "tga", among: ["tag"]) == "tag")
    }

    @Test func wordEntirelyDifferentFromAShortCandidateGetsNothing() {
        #expect(Suggestion.closest(to: "x", among: ["y", "id"]) == nil)
        #expect(Suggestion.closest(to: "", among: ["a"]) == nil)
        #expect(Suggestion.closest(to: "abc", among: [String]()) == nil)
    }

    @Test func nearestWins() {
        #expect(Suggestion.closest(to: "retires", among: ["retry", "retries"]) == "retries")
        #expect(Suggestion.closest(to: "timeoutt", among: ["timeout", "timeouts2"]) == "timeout")
    }

    @Test func tieGoesToTheCandidateThatSortsFirstWhateverTheOrder() {
        #expect(Suggestion.closest(to: "cat", among: ["cot", "cut", "bat"]) == "bat")
        #expect(Suggestion.closest(to: "cat", among: ["cut", "bat", "cot"]) == "bat")
        #expect(Suggestion.closest(to: "cat", among: Set(["cut", "cot", "bat"])) == "bat")
    }

    @Test func exactMatchIsItsOwnSuggestion() {
        #expect(Suggestion.closest(to: "login", among: ["logout", "login"]) == "login")
    }
}
