import Foundation
import Server
import Store
import Testing

@Suite struct DashboardSafetyTests {
    typealias S = DashboardSamples

    /// Every page the dashboard renders from the samples.
    static var allPages: [(String, String)] {
        [
            ("runs", DashboardPage.runs(S.summaries, filter: nil, nextCursor: "c1", now: S.liveNow)),
            (
                "runs, hostile",
                DashboardPage.runs(
                    [RunSummary(run: S.hostileRun, cells: S.counts(S.hostileCells))], filter: nil, nextCursor: nil,
                    now: S.liveNow)
            ),
            ("runs, empty", DashboardPage.runs([], filter: .failed, nextCursor: nil, now: S.liveNow)),
            (
                "passed",
                DashboardPage.run(S.passedRun, cells: S.passedCells, attempts: S.passedAttempts, now: S.liveNow)
            ),
            ("failed", DashboardPage.run(S.failedRun, cells: S.failedCells, events: S.failedEvents, now: S.liveNow)),
            ("live", DashboardPage.run(S.liveRun, cells: S.liveCells, now: S.liveNow)),
            ("hostile", DashboardPage.run(S.hostileRun, cells: S.hostileCells, now: S.liveNow)),
            ("not found", DashboardPage.notFound(path: "/runs/nope", now: S.liveNow)),
        ]
    }

    @Test func injectedMarkupInPlanStepTargetBrowserBuildAndErrorIsEscaped() {
        let html = DashboardPage.run(S.hostileRun, cells: S.hostileCells, now: S.liveNow)
        for raw in ["<script", "<img", "<svg onload", "<b>", "<i>"] {
            #expect(!html.contains(raw), "\(raw) is in the page unescaped")
        }
        #expect(html.contains("<h1>&lt;script&gt;alert(&quot;plan&quot;)&lt;/script&gt; &amp; &#39;co&#39;</h1>"))
        #expect(html.contains("<strong>&lt;img src=x onerror=alert(1)&gt;</strong>"))
        #expect(html.contains("<strong>&quot;&gt;&lt;svg onload=alert(2)&gt;</strong>"))
        #expect(html.contains("&amp;amp;"), "an entity in the input is shown as written, not decoded")
        #expect(html.contains("&lt;/pre&gt;&lt;/details&gt;&lt;script&gt;alert(&#39;error&#39;)&lt;/script&gt;"))
        #expect(html.contains("<code>&lt;b&gt;build&lt;/b&gt;</code>"))
        #expect(html.contains("<code title=\"&lt;b&gt;hash&lt;/b&gt;&quot;&#39;&amp;\">"))
        #expect(html.contains("data-label=\"Browser\">&lt;script&gt;alert(&#39;browser&#39;)&lt;/script&gt;</td>"))
        let list = DashboardPage.runs(
            [RunSummary(run: S.hostileRun, cells: S.counts(S.hostileCells))], filter: nil, nextCursor: "\"><script>",
            now: S.liveNow)
        #expect(!list.contains("<script"))
        #expect(!list.contains("<i>"))
        #expect(list.contains("cursor=%22%3E%3Cscript%3E"))
    }

    /// The elements a dashboard page may hold: plain markup and inline SVG shapes, nothing that runs or loads.
    static let allowedTags: Set<String> = [
        "html", "head", "meta", "link", "title", "style", "body", "header", "main", "footer", "nav", "section",
        "div", "span", "a", "h1", "h2", "p", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr",
        "th", "td", "code", "pre", "strong", "time", "details", "summary", "svg", "g", "rect", "line", "text",
        "tspan",
    ]

    @Test func theOnlyTagsArePlainMarkupWithNoScriptHandlerOrSource() {
        for (name, html) in Self.allPages {
            let tags = DashboardHTML.tags(in: html)
            #expect(tags.count > 20, "\(name)")
            for tag in tags {
                #expect(Self.allowedTags.contains(tag.name), "\(name): <\(tag.name)>")
                for attribute in tag.attributes {
                    #expect(!attribute.name.hasPrefix("on"), "\(name): <\(tag.name) \(attribute.name)>")
                    #expect(
                        !["src", "srcset", "action", "formaction", "xlink:href"].contains(attribute.name), "\(name)")
                    if attribute.name == "href", let value = attribute.value {
                        #expect(value.hasPrefix("/") || value == "data:,", "\(name): href=\(value)")
                    }
                    if attribute.name == "style", let value = attribute.value {
                        #expect(value.wholeMatch(of: #/flex-grow:\d+/#) != nil, "\(name): style=\(value)")
                    }
                }
                if tag.name == "link" {
                    #expect(tag.attributes.contains { $0.name == "rel" && $0.value == "icon" }, "\(name)")
                }
            }
        }
    }

    @Test func pagesReferenceNoOutsideAsset() {
        for (name, html) in Self.allPages {
            #expect(!html.contains("http://"), "\(name)")
            #expect(!html.contains("https://"), "\(name)")
            #expect(!html.contains("rel=\"stylesheet\"") && !html.contains("rel=stylesheet"), "\(name)")
            #expect(!html.contains("<script src"), "\(name)")
            #expect(!html.contains("@import"), "\(name)")
            #expect(!html.contains("url("), "\(name)")
            #expect(!html.contains("@font-face"), "\(name)")
            #expect(DashboardHTML.count("<style>", in: html) == 1, "\(name) has its own inline style")
        }
    }

    @Test func pagesAreCompleteDocumentsWithLightAndDarkStyles() {
        for (name, html) in Self.allPages {
            #expect(html.hasPrefix("<!doctype html>\n<html lang=\"en\">"), "\(name)")
            #expect(html.hasSuffix("</body>\n</html>\n"), "\(name)")
            #expect(html.contains("<meta charset=\"utf-8\">"), "\(name)")
            #expect(html.contains("<meta name=\"viewport\""), "\(name)")
            #expect(html.contains("@media (prefers-color-scheme: dark)"), "\(name)")
            #expect(html.contains("@media (max-width: 760px)"), "\(name)")
        }
    }

    @Test func webhookTokensAreNeverShown() {
        for (name, html) in Self.allPages {
            #expect(!html.contains("tok-secret"), "\(name)")
        }
    }
}
