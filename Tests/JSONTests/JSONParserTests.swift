import Foundation
import Testing

@testable import JSON

/// `JSONValue.parse`: every JSON value, exactly as RFC 8259 allows, and a clear error otherwise.
@Suite struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }

    func failure(_ text: String) -> JSONParseError? {
        do {
            _ = try JSONValue.parse(Data(text.utf8))
            return nil
        } catch {
            return error as? JSONParseError
        }
    }

    @Test func everyKindOfValueIsRead() throws {
        let value = try parse(#"{"a": [1, -2, 3.5, 1e3, true, false, null, "x"], "b": {}, "c": []}"#)
        #expect(value == ["a": [1, -2, 3.5, 1000.0, true, false, nil, "x"], "b": [:], "c": []])
    }

    @Test func anyValueMayStandAtTheTopSurroundedByWhitespace() throws {
        #expect(try parse(" \t\r\n42\n") == 42)
        #expect(try parse(#""text""#) == "text")
        #expect(try parse("null") == .null)
    }

    @Test func integersThatFitInt64AreIntsAndEveryOtherNumberIsADouble() throws {
        #expect(try parse("9223372036854775807") == .int(Int64.max))
        #expect(try parse("-9223372036854775808") == .int(Int64.min))
        #expect(try parse("9223372036854775808") == .double(9223372036854775808))
        #expect(try parse("1.0") == .double(1))
        #expect(try parse("-0") == .int(0))
        #expect(try parse("2E-2") == .double(0.02))
    }

    @Test func escapesIncludingSurrogatePairsAreDecoded() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#) == "a\"b\\c/d\u{08}\u{0C}\n\r\t")
        #expect(try parse(#""\u00e9\u20AC\uD83D\uDE00""#) == "é€😀")
        #expect(try parse("\"é€😀 unescaped\"") == "é€😀 unescaped")
    }

    @Test func aLeadingByteOrderMarkIsIgnored() throws {
        #expect(try JSONValue.parse(Data([0xEF, 0xBB, 0xBF] + Array(#"{"a": 1}"#.utf8))) == ["a": 1])
        #expect(failure("\u{FEFF}\u{FEFF}1") != nil, "only one, and only at the start")
    }

    @Test func ofRepeatedKeysTheLastWins() throws {
        #expect(try parse(#"{"a": 1, "a": 2}"#) == ["a": 2])
    }

    static let malformedCases: [MalformedCase] = [
        ("", "the text ends where a value should be", 0),
        ("[1,]", "unexpected character where a value should be", 3),
        ("{\"a\" 1}", "expected ':' after an object key", 5),
        ("{\"a\": 1 \"b\": 2}", "expected ',' or '}' in an object", 8),
        ("[1 2]", "expected ',' or ']' in an array", 3),
        ("{1: 2}", "expected a string key in an object", 1),
        ("01", "a number with a leading zero", 1),
        ("1.", "a number with no digit after '.'", 2),
        ("1e", "a number with no digit in its exponent", 2),
        ("-", "a number without digits", 1),
        ("1e999", "a number out of range", 0),
        ("tru", "unknown literal", 0),
        ("nul1", "unknown literal", 0),
        ("\"abc", "the text ends inside a string", 4),
        ("\"a\u{01}\"", "a control character in a string", 2),
        (#""\x""#, "an unknown escape in a string", 3),
        (#""\u12G4""#, #"an invalid \u escape"#, 5),
        (#""\u12"#, #"an incomplete \u escape"#, 3),
        (#""\uD83D""#, "a high surrogate escape without its low surrogate", 7),
        (#""\uD83D\u0041""#, "a high surrogate escape without its low surrogate", 13),
        (#""\uDE00""#, "a low surrogate escape without its high surrogate", 7),
        ("{} {}", "unexpected text after the value", 3),
    ].map(MalformedCase.init)

    @Test(arguments: malformedCases)
    func malformedTextIsRefusedWithWhatAndWhere(_ malformed: MalformedCase) {
        #expect(failure(malformed.text) == JSONParseError(reason: malformed.reason, offset: malformed.offset))
    }

    /// A malformed text, why it is refused, and at which byte.
    struct MalformedCase: Sendable, CustomTestStringConvertible {
        let text: String
        let reason: String
        let offset: Int

        init(_ tuple: (String, String, Int)) {
            (text, reason, offset) = tuple
        }

        var testDescription: String { "\(text.debugDescription): \(reason)" }
    }

    @Test func invalidUTF8IsRefused() {
        let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0x22]
        #expect(throws: JSONParseError(reason: "a string is not valid UTF-8", offset: 1)) {
            try JSONValue.parse(Data(bytes))
        }
    }

    @Test func nestingIsBoundedSoDeepInputFailsInsteadOfOverflowingTheStack() throws {
        let depth = JSONParser.maximumDepth
        let deepest = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: Never.self) { try parse(deepest) }
        let deepestObject =
            String(repeating: #"{"k":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        #expect(throws: Never.self) { try parse(deepestObject) }
        #expect(failure("[" + deepest + "]")?.reason == "nested deeper than 128 levels")
        let tooDeep = String(repeating: "[", count: 100_000)
        #expect(failure(tooDeep)?.reason == "nested deeper than 128 levels")
    }

    @Test func whatTheWritersWriteReadsBackEqual() throws {
        let value: JSONValue = [
            "name": "smoke \"quoted\" \n line", "n": -12, "pi": 3.25, "list": [nil, true, ["deep": []]],
            "unicode": "é😀\u{01}",
        ]
        #expect(try parse(value.canonicalText) == value)
        #expect(try parse(value.prettyText) == value)
    }
}
