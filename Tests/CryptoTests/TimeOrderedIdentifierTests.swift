import Crypto
import Foundation
import Testing

@Suite struct TimeOrderedIdentifierTests {
    @Test func anIdentifierIsTwentyTwoURLSafeCharactersNotStartingWithADash() {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for _ in 0..<200 {
            let id = Digest.timeOrderedIdentifier()
            #expect(id.count == 22)
            #expect(id.allSatisfy(allowed.contains))
            #expect(id.first != "-")
        }
    }

    @Test func identifiersSortByTheirTimeToTheMillisecond() {
        // Half a millisecond in, so no time falls on a boundary that rounding could move.
        let start = Date(timeIntervalSince1970: 1_796_000_000.0005)
        let times =
            (0..<50).map { start.addingTimeInterval(Double($0) * 0.001) }
            + [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 4_102_444_800)]
        let ids = times.map { Digest.timeOrderedIdentifier(at: $0) }
        let byTime = zip(times, ids).sorted { $0.0 < $1.0 }.map(\.1)
        #expect(ids.sorted() == byTime)
    }

    @Test func theTimePartIsTheMillisecondsInBase32() {
        // 1 ms after the epoch is the digit 1 in the last of the ten places; 32 ms carries.
        #expect(Digest.timeOrderedIdentifier(at: Date(timeIntervalSince1970: 0.0015)).prefix(10) == "0000000001")
        #expect(Digest.timeOrderedIdentifier(at: Date(timeIntervalSince1970: 0.0325)).prefix(10) == "0000000010")
        #expect(Digest.timeOrderedIdentifier(at: Date(timeIntervalSince1970: -5)).prefix(10) == "0000000000")
    }

    @Test func identifiersMadeInTheSameMillisecondDiffer() {
        let now = Date()
        let ids = Set((0..<1_000).map { _ in Digest.timeOrderedIdentifier(at: now) })
        #expect(ids.count == 1_000)
    }
}
