import Foundation

/// A complete dashboard page: the `<head>` (title, inline style, refresh while live) around a body.
struct DashboardDocument {
    /// The page's title (plain text; escaped here).
    var title: String
    /// Seconds after which the browser reloads the page; `nil` for a page that shows nothing live.
    var refreshSeconds: Int?
    /// The `<main>` element's content (HTML).
    var main: String
    /// When the page was rendered.
    var now: Date

    /// The document as HTML text.
    func render() -> String {
        var html = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <meta name="referrer" content="no-referrer">

            """
        if let refreshSeconds {
            html += "<meta http-equiv=\"refresh\" content=\"\(refreshSeconds)\">\n"
        }
        // An empty icon, so that browsers do not ask the server for /favicon.ico.
        html += "<link rel=\"icon\" href=\"data:,\">\n"
        html += "<title>\(title.htmlEscaped)</title>\n<style>\n\(DashboardStyle.css)</style>\n</head>\n<body>\n"
        html += "<header class=\"topbar\"><div class=\"inner\"><a class=\"brand\" href=\"/\">orch</a>"
        html += "<a href=\"/getRuns\">Runs</a>"
        if let refreshSeconds {
            html += "<span class=\"live-note\" role=\"status\">Live · refreshes every \(refreshSeconds) s</span>"
        }
        html += "</div></header>\n<main>\n\(main)\n</main>\n"
        html += "<footer>Rendered \(TimeText.absolute(now)).</footer>\n</body>\n</html>\n"
        return html
    }
}
