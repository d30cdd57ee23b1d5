import JSON
import Testing

@testable import PlanCompiler

/// The chunked writer of the canonical text: what it writes, whatever the chunk size.
@Suite struct CanonicalWriterTests {
    /// Everything written through a writer with chunks of `chunkSize` bytes, joined.
    private func written(chunkSize: Int, _ body: (CanonicalWriter) -> Void) -> [UInt8] {
        var bytes: [UInt8] = []
        let out = CanonicalWriter(chunkSize: chunkSize) { chunk in chunk.withBytes { bytes.append(contentsOf: $0) } }
        body(out)
        out.finish().withBytes { bytes.append(contentsOf: $0) }
        return bytes
    }

    @Test func piecesLongerThanAChunkAreSplitAcrossChunksInOrder() {
        let long = String(repeating: "abcdefghij", count: 50)
        let bytes = written(chunkSize: 64) { out in
            out.raw("[")
            out.string(long)
            out.raw(",")
            out.int(1_234_567_890)
            out.raw(",")
            out.int(-42)
            out.raw(",")
            out.int(7)
            out.raw("]")
        }
        #expect(String(decoding: bytes, as: UTF8.self) == "[\"\(long)\",1234567890,-42,7]")
    }

    @Test func stringsAreEscapedExactlyAsTheJSONWriterDoes() {
        let samples = [
            "", "plain", "with \"quotes\"", "back\\slash", "tab\there", "new\nline", "caf\u{e9}", "\u{1F600} emoji",
            "\u{7F} delete", "\u{2028} separator", "exactly8", "sixteen_bytes_ok", "seventeen_bytes_\"",
        ]
        for sample in samples {
            let bytes = written(chunkSize: 64) { $0.string(sample) }
            #expect(String(decoding: bytes, as: UTF8.self) == JSONValue.quoted(sample))
        }
    }

    @Test func theWordAtATimeCheckAgreesWithTheByteCheckForEveryByte() {
        // Every byte value at every position of a 17-byte text (two words and a tail).
        for position in 0..<17 {
            for value in 0...255 {
                var text = [UInt8](repeating: UInt8(ascii: "a"), count: 17)
                text[position] = UInt8(value)
                let expected = !(value < 0x20 || value >= 0x7F || value == 0x22 || value == 0x5C)
                let actual = text.withUnsafeBufferPointer { CanonicalWriter.needsNoEscape($0) }
                #expect(actual == expected, "byte \(value) at \(position)")
            }
        }
    }
}
