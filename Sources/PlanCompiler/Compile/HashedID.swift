import Dispatch

/// A step id with its hash worked out once: dictionaries and sets of ids then hash one integer,
/// not the whole text, and the hashes of many ids can be worked out on two threads.
///
/// Equal ids (by `String` equality) have equal `String` hashes, so this equality is `String`'s.
struct HashedID: Hashable, Sendable {
    let text: String
    let hash: Int

    init(_ text: String) {
        self.init(text, hash: text.hashValue)
    }

    init(_ text: String, hash: Int) {
        self.text = text
        self.hash = hash
    }

    static func == (a: HashedID, b: HashedID) -> Bool {
        a.hash == b.hash && a.text == b.text
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }

    /// Lists of at least this many ids are hashed by two threads.
    static let parallelCount = 4096

    /// The `String` hash of each of `texts`, in order.
    static func hashes(_ texts: [String]) -> [Int] {
        var hashes = [Int](repeating: 0, count: texts.count)
        guard texts.count >= parallelCount else {
            for i in texts.indices { hashes[i] = texts[i].hashValue }
            return hashes
        }
        hashes.withUnsafeMutableBufferPointer { out in
            let target = Output(hashes: out)
            let middle = texts.count / 2
            DispatchQueue.concurrentPerform(iterations: 2) { half in
                for i in half == 0 ? 0..<middle : middle..<texts.count { target.hashes[i] = texts[i].hashValue }
            }
        }
        return hashes
    }

    /// The hashes two threads fill at once.
    ///
    /// `@unchecked Sendable`: each thread writes only its own half of `hashes`, which outlives both.
    private struct Output: @unchecked Sendable {
        let hashes: UnsafeMutableBufferPointer<Int>
    }
}
