/// "Did you mean …?": the known word closest to a misspelt one, for keys, step ids, browsers and CLI flags.
public enum Suggestion {
    /// The candidate nearest to `word`, or nil when none is near enough to be a likely typo.
    ///
    /// Distance is the optimal-string-alignment form of Damerau–Levenshtein (insert, delete,
    /// substitute, swap two neighbours), on lower-cased characters. A candidate is near enough
    /// when its distance is at most a third of `word`'s length (at least 1) and smaller than
    /// its own length, so `x` never suggests `y`. Ties go to the candidate that sorts first by
    /// UTF-8 bytes, so the answer does not depend on the order of `candidates`.
    public static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(word.lowercased())
        let limit = max(1, target.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let letters = Array(candidate.lowercased())
            guard abs(letters.count - target.count) <= limit else { continue }
            let distance = distance(target, letters)
            guard distance <= limit, distance < letters.count else { continue }
            if let current = best {
                guard
                    distance < current.distance
                        || (distance == current.distance
                            && candidate.utf8.lexicographicallyPrecedes(current.candidate.utf8))
                else { continue }
            }
            best = (candidate, distance)
        }
        return best?.candidate
    }

    /// Optimal string alignment distance between `a` and `b`, kept in three rolling rows.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, beforePrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
