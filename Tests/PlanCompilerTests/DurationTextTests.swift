import PlanCompiler
import Testing

@Suite struct DurationTextTests {
    @Test(
        arguments: [
            ("500ms", 500), ("5s", 5000), ("2m", 120_000), ("1h", 3_600_000), ("0s", 0), ("05s", 5000),
        ] as [(String, Int64)])
    func eachUnitIsRead(text: String, milliseconds: Int64) {
        #expect(DurationText.milliseconds(text) == milliseconds)
    }

    @Test func compoundPartsAreSummed() {
        #expect(DurationText.milliseconds("1h30m") == 5_400_000)
        #expect(DurationText.milliseconds("1m30s500ms") == 90_500)
        #expect(DurationText.milliseconds("30m1h") == 5_400_000)
    }

    @Test func bareIntegerIsSeconds() {
        #expect(DurationText.milliseconds("30") == 30_000)
        #expect(DurationText.milliseconds("0") == 0)
    }

    @Test(arguments: [
        "", "-5s", "+5s", "-5", "5", "5x", "5sec", "5 s", " 5s", "5s ", "1.5s", "s", "ms", "5S", "1h30", "h1",
        "5d", "１s",
    ])
    func malformedTextIsRejected(text: String) {
        // "5" is the one well-formed text in the list; it guards against a test that rejects everything.
        #expect((DurationText.milliseconds(text) == nil) == (text != "5"))
    }

    @Test func overflowIsRejected() {
        #expect(DurationText.milliseconds("9223372036854775807ms") == Int64.max)
        #expect(DurationText.milliseconds("9223372036854775808ms") == nil)
        #expect(DurationText.milliseconds("9223372036854775s") == 9_223_372_036_854_775_000)
        #expect(DurationText.milliseconds("9223372036854776s") == nil)
        #expect(DurationText.milliseconds("9223372036854775807") == nil)
        #expect(DurationText.milliseconds("9223372036854775807ms1ms") == nil)
        #expect(DurationText.milliseconds("99999999999999999999999h") == nil)
    }
}
