import Foundation
import JSON
import Store

/// A run's event log, folded in a `<details>`: when, what, which cell and attempt, which transition.
struct EventLogTable {
    /// The events, oldest first.
    var events: [EventRecord]
    /// Time zero of the run (the timeline's), for the `+1m 05s` column.
    var origin: Date

    /// The log as HTML.
    func render() -> String {
        var html = "<h2 id=\"events\">Event log</h2>\n<details class=\"card events-log\"><summary>"
        html += "\(events.count) events</summary><div class=\"table-wrap\"><table class=\"events\">"
        html += "<thead><tr><th scope=\"col\">Time</th><th scope=\"col\">Since start</th><th scope=\"col\">Event</th>"
        html += "<th scope=\"col\">Cell</th><th scope=\"col\">Attempt</th><th scope=\"col\">Change</th>"
        html += "<th scope=\"col\">Detail</th></tr></thead><tbody>\n"
        for event in events {
            html += "<tr><td class=\"nowrap\">\(TimeText.clockElement(event.at))</td>"
            let offset = event.at.timeIntervalSince(origin)
            html +=
                "<td class=\"nowrap\">\(offset < 0 ? "−\(TimeText.duration(-offset))" : "+\(TimeText.duration(offset))")</td>"
            html += "<td><code>\(event.kind.rawValue.htmlEscaped)</code></td>"
            html += "<td>\(event.seq.map { "#\($0)" } ?? "")</td><td>\(event.attempt.map { "\($0)" } ?? "")</td>"
            let change = [event.fromStatus, event.toStatus].compactMap { $0 }.joined(separator: " → ")
            html += "<td>\(change.htmlEscaped)</td><td>\(detail(event.detail).htmlEscaped)</td></tr>\n"
        }
        return html + "</tbody></table></div></details>\n"
    }

    /// The detail keys worth showing, and only those: a detail object is open-ended, so nothing else is printed.
    private func detail(_ value: JSONValue?) -> String {
        guard let object = value?.objectValue else { return "" }
        var pieces: [String] = []
        if let reason = object["reason"]?.stringValue { pieces.append(reason) }
        if let build = object["buildId"]?.stringValue { pieces.append("build \(build)") }
        return pieces.joined(separator: " · ")
    }
}
