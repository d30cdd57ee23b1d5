import Foundation

/// What the dashboard's tests read out of a rendered page.
enum DashboardHTML {
    /// One timeline bar as drawn: its cell's seq, its stated duration, and its rectangle's x and width.
    struct Bar: Equatable {
        var seq: Int
        var duration: Double
        var x: Double
        var width: Double
        var classes: Set<String>
    }

    /// How many times `needle` occurs in `html`.
    static func count(_ needle: String, in html: String) -> Int {
        html.components(separatedBy: needle).count - 1
    }

    /// The timeline's bars, in document order.
    static func bars(in html: String) -> [Bar] {
        let pattern =
            #/<g class="(?<classes>bar[^"]*)" data-seq="(?<seq>\d+)" data-duration="(?<duration>[\d.]+)">(?:(?!</g>).)*?<rect class="tl-bar[^"]*" x="(?<x>[\d.]+)" y="[\d.]+" width="(?<width>[\d.]+)"/#
        return html.matches(of: pattern.dotMatchesNewlines()).map { match in
            Bar(
                seq: Int(match.seq) ?? -1, duration: Double(match.duration) ?? -1, x: Double(match.x) ?? -1,
                width: Double(match.width) ?? -1, classes: Set(match.classes.split(separator: " ").map(String.init)))
        }
    }

    /// The texts of the elements with class `cssClass` (e.g. the axis's tick labels).
    static func texts(ofClass cssClass: String, in html: String) -> [String] {
        let pattern = try? Regex("class=\"\(cssClass)\"[^>]*>([^<]*)<", as: (Substring, Substring).self)
        guard let pattern else { return [] }
        return html.matches(of: pattern).map { String($0.output.1) }
    }

    /// One start tag of a page: its name and attributes (values as written, still escaped).
    struct Tag {
        var name: String
        var attributes: [(name: String, value: String?)]
    }

    /// Every start tag of `html`. Text the dashboard escapes has no `<`, so each `<` begins real markup.
    static func tags(in html: String) -> [Tag] {
        let body = html.replacingOccurrences(of: #"<style>.*?</style>"#, with: "<style>", options: .regularExpression)
        let attribute = #/([^\s=/>]+)(?:="([^"]*)")?/#
        return body.matches(of: #/<([a-zA-Z][a-zA-Z0-9]*)((?:[^>"]|"[^"]*")*)>/#).map { match in
            let attributes = String(match.2).matches(of: attribute).map {
                (String($0.1).lowercased(), $0.2.map(String.init))
            }
            return Tag(name: String(match.1).lowercased(), attributes: attributes)
        }
    }

    /// The `<tr>` of the cell with `seq` on a run page.
    static func cellRow(_ seq: Int, in html: String) -> String {
        guard let start = html.range(of: "<tr class=\"cell status-") else { return "" }
        let rows = html[start.lowerBound...].components(separatedBy: "<tr class=\"cell ")
        guard let row = rows.first(where: { $0.hasPrefix("status-") && $0.contains("data-seq=\"\(seq)\">") }) else {
            return ""
        }
        return row.range(of: "</tr>").map { String(row[..<$0.lowerBound]) } ?? row
    }
}
