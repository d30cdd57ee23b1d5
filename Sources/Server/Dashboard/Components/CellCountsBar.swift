import Store

/// A run's cells counted by status, drawn as a small stacked bar and written out in words.
enum CellCountsBar {
    /// The order statuses are drawn and listed in: outcomes first, then what is still to come.
    static let order: [CellStatus] = [.passed, .failed, .error, .running, .pending, .skipped, .cancelled]

    /// The counts in words: `3 passed · 1 failed` (or `no cells`).
    static func words(_ counts: CellCounts) -> String {
        let pieces = order.compactMap { status in counts[status] > 0 ? "\(counts[status]) \(status.rawValue)" : nil }
        return pieces.isEmpty ? "no cells" : pieces.joined(separator: " · ")
    }

    /// The stacked bar (each status's share of the cells), labelled with the counts in words for screen readers.
    static func bar(_ counts: CellCounts) -> String {
        let total = counts.total
        var html = "<span class=\"counts-bar\" role=\"img\" aria-label=\"\(total) cells: \(words(counts))\">"
        for status in order where counts[status] > 0 {
            html += "<span class=\"seg status-\(status.rawValue)\" style=\"flex-grow:\(counts[status])\"></span>"
        }
        return html + "</span>"
    }

    /// The bar followed by the counts in words.
    static func html(_ counts: CellCounts) -> String {
        "<span class=\"counts\">\(bar(counts))<span class=\"counts-words\">\(words(counts))</span></span>"
    }

    /// The counts of a list of cells.
    static func counts(of cells: [CellRecord]) -> CellCounts {
        var byStatus: [CellStatus: Int] = [:]
        for cell in cells { byStatus[cell.status, default: 0] += 1 }
        return CellCounts(byStatus: byStatus)
    }
}
