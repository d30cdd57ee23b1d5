/// The last `limit` bytes of a stream, and how many bytes the stream had in all.
struct OutputTail: Sendable {
    /// The most bytes kept.
    let limit: Int
    private var bytes: [UInt8] = []
    /// Every byte seen, kept or not.
    private(set) var totalBytes = 0

    init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// Adds bytes at the end, forgetting the oldest beyond the limit.
    mutating func append(_ chunk: UnsafeRawBufferPointer) {
        totalBytes += chunk.count
        bytes.append(contentsOf: chunk)
        // Trim only once the buffer is twice the limit, so appending stays amortised O(n).
        if bytes.count > 2 * limit { bytes.removeFirst(bytes.count - limit) }
    }

    /// Whether bytes were dropped from the front.
    var isTruncated: Bool { totalBytes > limit }

    /// The kept bytes as text; a character cut in half at the front is dropped, invalid UTF-8 replaced.
    var text: String {
        var kept = bytes.count > limit ? bytes[(bytes.count - limit)...] : bytes[...]
        if isTruncated {
            // UTF-8 continuation bytes (10xxxxxx) at the front belong to a character cut off.
            while let first = kept.first, first & 0xC0 == 0x80 { kept = kept.dropFirst() }
        }
        return String(decoding: kept, as: UTF8.self)
    }
}
