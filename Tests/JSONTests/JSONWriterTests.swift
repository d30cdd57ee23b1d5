import JSON
import Testing

@Suite struct JSONWriterTests {
    @Test func canonicalTextSortsKeysByTheirUTF8BytesAndHasNoWhiteSpace() {
        let value: JSONValue = ["b": 1, "a": [true, false, .null], "é": "x", "Z": ["y": 2.5, "x": -3]]
        #expect(value.canonicalText == #"{"Z":{"x":-3,"y":2.5},"a":[true,false,null],"b":1,"é":"x"}"#)
    }

    @Test func stringsEscapeQuotesBackslashesControlsAndLineSeparators() {
        let value = JSONValue.string("q\" b\\ n\n r\r t\t \u{08}\u{0C} \u{01}\u{1F} \u{2028}\u{2029} é€😀")
        #expect(
            value.canonicalText
                == #""q\" b\\ n\n r\r t\t \b\f \u0001\u001f \u2028\u2029 é€😀""#)
        #expect(JSONValue.quoted("plain") == #""plain""#)
    }

    @Test func numbersAreWrittenAsIntegersWhenWholeAndNonFiniteAsNull() {
        let value: JSONValue = [1.0, 0.5, -2, .double(.infinity), .double(1e20), .int(.min)]
        #expect(value.canonicalText == "[1,0.5,-2,null,1e+20,-9223372036854775808]")
    }

    @Test func prettyTextIndentsByTwoSpacesALevel() {
        let value: JSONValue = ["a": [1, ["b": []]], "c": [:]]
        #expect(value.prettyText == "{\n  \"a\": [\n    1,\n    {\n      \"b\": []\n    }\n  ],\n  \"c\": {}\n}")
    }
}
