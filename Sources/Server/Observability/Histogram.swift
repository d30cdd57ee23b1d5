/// A Prometheus histogram's state: counts per upper bound, the sum and the count of observations.
struct Histogram: Sendable {
    /// The upper bounds of the buckets, in seconds, ascending (`+Inf` is implied).
    static let durationBuckets: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    /// Observations at or below each bound (not cumulative; rendering adds them up).
    private(set) var bucketCounts = [Int](repeating: 0, count: Histogram.durationBuckets.count)
    private(set) var sum = 0.0
    private(set) var count = 0

    /// Adds one observation.
    mutating func observe(_ value: Double) {
        if let index = Self.durationBuckets.firstIndex(where: { value <= $0 }) { bucketCounts[index] += 1 }
        sum += value
        count += 1
    }

    /// The cumulative counts per bound, as Prometheus shows them (`le` ascending, then `+Inf`).
    var cumulative: [(bound: String, count: Int)] {
        var running = 0
        var result: [(String, Int)] = []
        for (bound, count) in zip(Self.durationBuckets, bucketCounts) {
            running += count
            result.append((PrometheusText.number(bound), running))
        }
        result.append(("+Inf", self.count))
        return result
    }
}
