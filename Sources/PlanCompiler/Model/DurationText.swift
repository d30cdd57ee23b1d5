/// Durations (temporary; replaced by the cli branch's version).
public enum DurationText {
    public static func milliseconds(_ text: String) -> Int64? {
        if let s = Int64(text), s >= 0 { return s * 1000 }
        var total: Int64 = 0
        var num = ""
        var unit = ""
        func flush() -> Bool {
            guard let n = Int64(num) else { return false }
            switch unit {
            case "ms": total += n
            case "s": total += n * 1000
            case "m": total += n * 60000
            case "h": total += n * 3_600_000
            default: return false
            }
            num = ""; unit = ""
            return true
        }
        for c in text {
            if c.isNumber {
                if !unit.isEmpty { guard flush() else { return nil } }
                num.append(c)
            } else { unit.append(c) }
        }
        guard !num.isEmpty, flush() else { return nil }
        return total
    }
}
