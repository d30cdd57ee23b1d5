import Foundation
import Glibc

/// A point in time on both clocks the log shows: the wall clock and the monotonic clock.
struct Moment: Sendable, Equatable, Comparable {
    /// Milliseconds since the Unix epoch.
    var epochMs: Int64
    /// Milliseconds of CLOCK_MONOTONIC: never jumps, comparable across processes of one machine.
    var monoMs: Int64

    /// Now, on both clocks.
    static func now() -> Moment {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Moment(
            epochMs: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)),
            monoMs: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }

    /// This moment plus `ms` milliseconds.
    func adding(ms: Int) -> Moment {
        Moment(epochMs: epochMs + Int64(ms), monoMs: monoMs + Int64(ms))
    }

    /// Milliseconds from `earlier` to this moment, on the monotonic clock.
    func milliseconds(since earlier: Moment) -> Int64 { monoMs - earlier.monoMs }

    static func < (a: Moment, b: Moment) -> Bool { a.monoMs < b.monoMs }
}
