import Foundation

/// How the dashboard writes times and durations: UTC timestamps, "5 min ago", "1m 05s".
enum TimeText {
    /// The proleptic Gregorian calendar in UTC: every time the dashboard prints is UTC, so pages do not
    /// depend on the server's time zone.
    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()

    private static func parts(_ date: Date) -> DateComponents {
        utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }

    private static func twoDigits(_ value: Int?) -> String {
        let value = value ?? 0
        return value < 10 ? "0\(value)" : "\(value)"
    }

    /// RFC 3339 in UTC to the second: `2024-05-01T12:03:04Z` (what `<time datetime>` holds).
    static func timestamp(_ date: Date) -> String {
        let p = parts(date)
        return "\(p.year ?? 0)-\(twoDigits(p.month))-\(twoDigits(p.day))T"
            + "\(twoDigits(p.hour)):\(twoDigits(p.minute)):\(twoDigits(p.second))Z"
    }

    /// A readable absolute time: `2024-05-01 12:03:04 UTC`.
    static func absolute(_ date: Date) -> String {
        let p = parts(date)
        return "\(p.year ?? 0)-\(twoDigits(p.month))-\(twoDigits(p.day)) "
            + "\(twoDigits(p.hour)):\(twoDigits(p.minute)):\(twoDigits(p.second)) UTC"
    }

    /// The time of day in UTC: `12:03:04`.
    static func clock(_ date: Date) -> String {
        let p = parts(date)
        return "\(twoDigits(p.hour)):\(twoDigits(p.minute)):\(twoDigits(p.second))"
    }

    /// How long ago `date` was at `now`: `just now`, `42 s ago`, `5 min ago`, `3 h ago`, `2 days ago`.
    ///
    /// A date after `now` (clocks of two machines) reads `just now`.
    static func relative(_ date: Date, now: Date) -> String {
        let seconds = Int(now.timeIntervalSince(date).rounded(.down))
        switch seconds {
        case ..<5: return "just now"
        case ..<60: return "\(seconds) s ago"
        case ..<3600: return "\(seconds / 60) min ago"
        case ..<86400: return "\(seconds / 3600) h ago"
        case ..<172_800: return "1 day ago"
        default: return "\(seconds / 86400) days ago"
        }
    }

    /// A duration for people: `350 ms`, `42s`, `1m 05s`, `2h 03m`, `3d 04h`.
    static func duration(_ interval: TimeInterval) -> String {
        let interval = max(interval, 0)
        if interval < 1 { return "\(Int((interval * 1000).rounded())) ms" }
        let seconds = Int(interval.rounded())
        switch seconds {
        case ..<60: return "\(seconds)s"
        case ..<3600: return "\(seconds / 60)m \(twoDigits(seconds % 60))s"
        case ..<86400: return "\(seconds / 3600)h \(twoDigits(seconds / 60 % 60))m"
        default: return "\(seconds / 86400)d \(twoDigits(seconds / 3600 % 24))h"
        }
    }

    /// An axis label for an offset from a run's start, as short as it can be: `0`, `30s`, `1m`, `1m 30s`, `2h`.
    static func offset(_ interval: TimeInterval) -> String {
        let seconds = Int(interval.rounded())
        if seconds == 0 { return "0" }
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        var pieces: [String] = []
        if h > 0 { pieces.append("\(h)h") }
        if m > 0 { pieces.append("\(m)m") }
        if s > 0 { pieces.append("\(s)s") }
        return pieces.joined(separator: " ")
    }

    /// A `<time>` element reading how long ago `date` was, with the absolute time in its `title`.
    static func element(_ date: Date, now: Date) -> String {
        "<time datetime=\"\(timestamp(date))\" title=\"\(absolute(date))\">\(relative(date, now: now))</time>"
    }

    /// A `<time>` element reading the time of day, with the absolute time in its `title`.
    static func clockElement(_ date: Date) -> String {
        "<time datetime=\"\(timestamp(date))\" title=\"\(absolute(date))\">\(clock(date))</time>"
    }
}
