import Crypto
import Testing

@Suite struct SHA256HasherTests {
    @Test func emptyInputHasTheKnownDigest() {
        let hasher = SHA256Hasher()
        #expect(hasher.finish() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func knownTextHasTheKnownDigest() {
        let hasher = SHA256Hasher()
        hasher.update(Array("abc".utf8))
        #expect(hasher.finish() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func piecesHashLikeTheWholeText() {
        let text = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let hasher = SHA256Hasher()
        var from = 0
        for size in [0, 1, 63, 64, 65, 1000, 4096] {
            hasher.update(Array(text[from..<(from + size)]))
            from += size
        }
        text[from...].withUnsafeBytes { hasher.update($0) }
        #expect(hasher.finish() == Digest.sha256Hex(text))
    }

    @Test func finishGivesTheDigestOnce() {
        let hasher = SHA256Hasher()
        hasher.update(Array("abc".utf8))
        #expect(hasher.finish() != nil)
        #expect(hasher.finish() == nil)
    }
}
