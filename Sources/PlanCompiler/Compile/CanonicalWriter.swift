import JSON

/// Writes JSON text in fixed-size chunks, handing each full chunk to `onFullChunk` as it fills.
///
/// The compiled plan's canonical text is 7 MB for 30,000 cells: written in chunks, each can be
/// hashed (on another thread) while the next is written, and no 7 MB buffer is ever grown or copied.
/// Writing is a bounds check and a `memcpy`; `[UInt8].append` per small piece costs more than the
/// copy itself.
final class CanonicalWriter {
    private let chunkSize: Int
    private let onFullChunk: (ByteChunk) -> Void
    private let emptyChunk: (Int) -> ByteChunk
    private var chunk: ByteChunk
    /// The chunk's memory and how much of it is written, kept here so that writing touches only this object.
    private var base: UnsafeMutablePointer<UInt8>
    private var used = 0
    private var capacity: Int

    /// A writer whose full chunks go to `onFullChunk`; new chunks come from `emptyChunk` (by default, new memory).
    init(
        chunkSize: Int, emptyChunk: @escaping (Int) -> ByteChunk = { ByteChunk(capacity: $0) },
        onFullChunk: @escaping (ByteChunk) -> Void
    ) {
        self.chunkSize = max(chunkSize, 64)
        self.onFullChunk = onFullChunk
        self.emptyChunk = emptyChunk
        chunk = emptyChunk(self.chunkSize)
        base = chunk.base
        capacity = chunk.capacity
    }

    /// The last, partly filled chunk; nothing may be written afterwards.
    func finish() -> ByteChunk {
        let last = chunk
        last.count = used
        chunk = ByteChunk(capacity: 0)
        base = chunk.base
        used = 0
        capacity = 0
        return last
    }

    /// How many bytes were written since the last full chunk was handed on.
    var written: Int { used }

    /// Calls `body` with the bytes written since the last full chunk was handed on, in place; `body`
    /// must not write to this writer (the bytes live in its current chunk, which writing may replace).
    func withWritten<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        body(UnsafeBufferPointer(start: base, count: used))
    }

    /// How many bytes were handed on in full chunks since the writer was made or last reset.
    private(set) var handedOn = 0

    /// Forgets the bytes written since the last full chunk, and the count of those handed on: for a
    /// small writer used again and again.
    func reset() {
        used = 0
        handedOn = 0
    }

    /// Appends `count` bytes from `from`, handing on each chunk that fills.
    @inline(__always)
    func append(_ from: UnsafePointer<UInt8>, _ count: Int) {
        if count < capacity - used {
            (base + used).update(from: from, count: count)
            used += count
        } else {
            appendAcrossChunks(from, count)
        }
    }

    private func appendAcrossChunks(_ from: UnsafePointer<UInt8>, _ count: Int) {
        var from = from
        var left = count
        while left > 0 {
            let n = min(left, capacity - used)
            (base + used).update(from: from, count: n)
            used += n
            from += n
            left -= n
            if used == capacity {
                chunk.count = used
                handedOn += used
                onFullChunk(chunk)
                chunk = emptyChunk(chunkSize)
                base = chunk.base
                used = 0
                capacity = chunk.capacity
            }
        }
    }

    /// Appends text known at compile time.
    @inline(__always)
    func raw(_ s: StaticString) { append(s.utf8Start, s.utf8CodeUnitCount) }

    /// Appends the UTF-8 bytes of `s` as they are.
    func text(_ s: String) {
        var s = s
        s.withUTF8 { if let p = $0.baseAddress { append(p, $0.count) } }
    }

    /// Appends `bytes`.
    func bytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        if let p = bytes.baseAddress { append(p, bytes.count) }
    }

    /// Appends `bytes`.
    func bytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { self.bytes($0) }
    }

    /// Appends an integer in decimal.
    func int(_ i: Int) {
        guard i >= 0 else {
            text(String(i))
            return
        }
        if CanonicalWriter.maxDecimalLength < capacity - used {
            used += CanonicalWriter.decimal(i, at: base + used)
            return
        }
        // Near the end of the chunk: into a small buffer on the stack first.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: CanonicalWriter.maxDecimalLength) { buffer in
            guard let start = buffer.baseAddress else { return }
            append(start, CanonicalWriter.decimal(i, at: start))
        }
    }

    /// Calls `body` with the next `count` bytes of the current chunk when it has that much room, and
    /// keeps the bytes `body` says it wrote (at most `count`; 0 when it gave up); `0`, with nothing
    /// written, when the chunk has less room (the caller then writes piece by piece).
    @inline(__always)
    func withRoom(_ count: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) -> Int {
        guard count < capacity - used else { return 0 }
        let written = body(base + used)
        used += written
        return written
    }

    /// The most digits of an `Int` in decimal.
    static let maxDecimalLength = 20

    /// Writes `i` (at least 0) in decimal at `out` and returns how many bytes that took; `out` must
    /// have room for `maxDecimalLength` bytes.
    @inline(__always)
    static func decimal(_ i: Int, at out: UnsafeMutablePointer<UInt8>) -> Int {
        if i < 10 {
            out.pointee = UInt8(truncatingIfNeeded: 48 &+ i)
            return 1
        }
        var length = 2
        var bound = 100
        while length < maxDecimalLength && i >= bound {
            length += 1
            if bound > Int.max / 10 { break }
            bound &*= 10
        }
        // Two digits at a time from the last, from a table of the pairs 00 to 99.
        var n = UInt(i)
        var k = length
        twoDigits.withUnsafeBufferPointer { pairs in
            while n >= 100 {
                let pair = Int(n % 100) &* 2
                n /= 100
                k &-= 2
                out[k] = pairs[pair]
                out[k &+ 1] = pairs[pair &+ 1]
            }
            if n >= 10 {
                let pair = Int(n) &* 2
                out[k &- 2] = pairs[pair]
                out[k &- 1] = pairs[pair &+ 1]
            } else {
                out[k &- 1] = UInt8(truncatingIfNeeded: 48 &+ n)
            }
        }
        return length
    }

    /// "00", "01", … "99", one after the other.
    private static let twoDigits: [UInt8] = {
        var pairs: [UInt8] = []
        pairs.reserveCapacity(200)
        for n in 0..<100 {
            pairs.append(UInt8(48 + n / 10))
            pairs.append(UInt8(48 + n % 10))
        }
        return pairs
    }()

    /// Appends a JSON string, or `null`.
    func optionalString(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    /// Appends `s` as a JSON string literal, escaped exactly as `JSONValue` writes it.
    func string(_ s: String) {
        // Fast path: printable ASCII without quote or backslash is written as it is.
        let plain = s.utf8.withContiguousStorageIfAvailable { bytes in
            guard CanonicalWriter.needsNoEscape(bytes) else { return false }
            raw("\"")
            self.bytes(bytes)
            raw("\"")
            return true
        }
        if plain == true { return }
        if plain == nil, Array(s.utf8).withUnsafeBufferPointer(CanonicalWriter.needsNoEscape) {
            raw("\"")
            bytes(Array(s.utf8))
            raw("\"")
            return
        }
        text(JSONValue.quoted(s))
    }

    /// Whether every byte is printable ASCII (0x20 to 0x7E) other than `"` and `\\`; checked eight bytes at a time.
    static func needsNoEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = bytes.baseAddress else { return true }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        /// Nonzero exactly when some byte of `v` is zero.
        func hasZero(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        var i = 0
        while i + 8 <= bytes.count {
            let word = UnsafeRawPointer(start + i).loadUnaligned(as: UInt64.self)
            // A byte at or above 0x80, below 0x20 (word - 0x20 per byte borrows), 0x7F, `"` or `\\`.
            if word & highs != 0 { return false }
            if (word &- ones &* 0x20) & ~word & highs != 0 { return false }
            if hasZero(word ^ (ones &* 0x7F)) | hasZero(word ^ (ones &* 0x22)) | hasZero(word ^ (ones &* 0x5C)) != 0 {
                return false
            }
            i += 8
        }
        while i < bytes.count {
            let b = start[i]
            if b < 0x20 || b >= 0x7F || b == 0x22 || b == 0x5C { return false }
            i += 1
        }
        return true
    }
}
