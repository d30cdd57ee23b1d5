/// Rows of text fields in aligned columns, two spaces apart; the last column is not padded.
struct TextTable {
    /// The header row.
    var header: [String]
    /// The rows, each as many fields as the header.
    var rows: [[String]] = []
    /// The widest a column other than the last may grow; longer fields are cut with `…`.
    var maxColumnWidth = 40

    /// The table with a line break after every row.
    var text: String {
        var widths = header.map(\.count)
        for row in rows {
            for (i, field) in row.enumerated() where i < widths.count {
                widths[i] = min(max(widths[i], field.count), maxColumnWidth)
            }
        }
        func line(_ fields: [String]) -> String {
            var text = ""
            for (i, field) in fields.enumerated() {
                if i == fields.count - 1 {
                    text += field
                } else {
                    let shown = field.count > widths[i] ? String(field.prefix(widths[i] - 1)) + "…" : field
                    text += shown.padding(toLength: widths[i] + 2, withPad: " ", startingAt: 0)
                }
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }
        return ([header] + rows).map(line).joined()
    }
}
