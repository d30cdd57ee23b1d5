/// How often each default step id is used, while ids are assigned: a small open-addressing table
/// keyed by the ids' `String` hashes, worked out beforehand.
///
/// A plan of 10,000 steps has some 10,000 distinct default ids. A `Dictionary` of them spreads its
/// keys and values over a megabyte of fresh memory, and nearly every look-up misses the cache; this
/// table is 4 bytes a slot plus one small entry per id, and compares texts only when hashes match.
struct DefaultUses {
    /// How one default id has been used so far.
    struct Use {
        var count = 0
        /// Whether an explicit id is the same text (it then counts as the first use).
        var ownedByExplicit = false
        /// The last number given past an explicit id (`A#2` written by hand), when there was one.
        var bumped: Int?
    }

    /// Each entry's use, by entry number.
    private(set) var uses: [Use] = []
    /// Each entry's text and hash, by entry number.
    private(set) var texts: [String] = []
    private var hashes: [Int] = []
    /// Entry number plus one in each slot; 0 for an empty slot.
    private var slots: [Int32]
    private let mask: Int

    /// A table for at most `capacity` distinct ids.
    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size *= 2 }
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
        uses.reserveCapacity(capacity)
        texts.reserveCapacity(capacity)
        hashes.reserveCapacity(capacity)
    }

    /// The entry number of `text`, whose `String` hash is `hash`; a new entry when it is not in the table.
    mutating func entry(_ text: String, hash: Int) -> Int {
        // String hashes are well mixed: the low bits choose the slot.
        var slot = hash & mask
        while true {
            let stored = Int(slots[slot])
            if stored == 0 {
                uses.append(Use())
                texts.append(text)
                hashes.append(hash)
                slots[slot] = Int32(truncatingIfNeeded: uses.count)
                return uses.count - 1
            }
            if hashes[stored - 1] == hash && texts[stored - 1] == text { return stored - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// Counts one more use of entry `entry` and returns its use, counted.
    mutating func count(_ entry: Int) -> Use {
        uses[entry].count += 1
        return uses[entry]
    }

    /// Marks entry `entry` as the same text as an explicit id.
    mutating func markExplicit(_ entry: Int) {
        uses[entry].ownedByExplicit = true
    }

    /// Records `n` as the last number given to entry `entry` past an explicit id.
    mutating func bump(_ entry: Int, to n: Int) {
        uses[entry].bumped = n
    }
}
