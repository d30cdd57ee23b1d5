/// Writes durations the way plans spell them (`90s`, `10m`, `1h30m`).
public enum DurationText {
    /// `seconds` as hours, minutes and seconds, leaving out zero parts (`0s` for zero).
    public static func format(seconds: Int) -> String {
        guard seconds > 0 else { return "0s" }
        let h = seconds / 3600
        let m = (seconds % 3600) / 60
        let s = seconds % 60
        var text = ""
        if h > 0 { text += "\(h)h" }
        if m > 0 { text += "\(m)m" }
        if s > 0 { text += "\(s)s" }
        return text
    }
}
