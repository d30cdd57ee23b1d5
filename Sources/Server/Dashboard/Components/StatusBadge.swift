import Store

/// A status written as a coloured badge that also says it in words (colour is never the only signal).
enum StatusBadge {
    /// The badge of a run's status.
    static func run(_ status: RunStatus) -> String {
        badge(status.rawValue)
    }

    /// The badge of a cell's status.
    static func cell(_ status: CellStatus) -> String {
        badge(status.rawValue)
    }

    /// The small tags after a cell's badge: `flaky` (passed only on a retry), `soft` (failed under
    /// `continueOnError`), `retrying` (pending again after a failed attempt).
    static func tags(for cell: CellRecord) -> String {
        var tags = ""
        if cell.flaky { tags += " <span class=\"tag tag-flaky\" title=\"passed only on a retry\">flaky</span>" }
        if cell.soft { tags += " <span class=\"tag tag-soft\" title=\"failed under continueOnError\">soft</span>" }
        if cell.status == .pending && cell.attempt > 0 {
            tags += " <span class=\"tag tag-retry\" title=\"waiting for attempt \(cell.attempt + 1)\">retrying</span>"
        }
        return tags
    }

    /// The symbol shown before a status's name (hidden from screen readers, which read the name).
    static func symbol(_ status: String) -> String {
        switch status {
        case "passed": "✓"
        case "failed": "✕"
        case "error": "!"
        case "running": "▶"
        case "queued", "pending": "○"
        case "skipped": "↷"
        case "cancelled": "⊘"
        default: "·"
        }
    }

    private static func badge(_ status: String) -> String {
        "<span class=\"badge status-\(status)\"><span aria-hidden=\"true\">\(symbol(status))</span> \(status)</span>"
    }
}
