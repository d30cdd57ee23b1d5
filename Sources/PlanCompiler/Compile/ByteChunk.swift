/// One chunk of written bytes; owns its memory and frees it in `deinit`.
///
/// `@unchecked Sendable`: a chunk is written by one thread until it is handed on, and only read
/// (then freed) by the one receiver after that; no two threads ever touch it at once.
final class ByteChunk: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    /// How many bytes are written (set by the writer that fills the chunk when it hands it on).
    var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: max(capacity, 1))
    }

    deinit { base.deallocate() }

    /// Forgets what was written, to fill the chunk again.
    func reset() { count = 0 }

    /// Calls `body` with the bytes written, in place; the chunk stays alive until `body` returns.
    func withBytes<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T {
        withExtendedLifetime(self) { body(UnsafeRawBufferPointer(start: base, count: count)) }
    }
}
