/// The dashboard's whole style sheet, inlined in every page: system fonts only, light and dark palettes.
///
/// Colours are GitHub Primer's, whose text/background pairs meet WCAG AA contrast; every status is also
/// written in words, so nothing depends on telling colours apart.
enum DashboardStyle {
    /// The CSS, written into the page's `<style>` element.
    static let css = """
        :root {
          color-scheme: light dark;
          --bg: #f6f8fa; --fg: #1f2328; --muted: #59636e; --card: #ffffff; --border: #d1d9e0;
          --link: #0550ae; --code-bg: #eff2f5; --zebra: rgba(175, 184, 193, 0.12); --grid: #d1d9e0;
          --passed: #1a7f37; --passed-bg: #dafbe1; --passed-fg: #116329;
          --failed: #cf222e; --failed-bg: #ffebe9; --failed-fg: #a40e26;
          --error: #bc4c00; --error-bg: #fff1e5; --error-fg: #953800;
          --running: #0969da; --running-bg: #ddf4ff; --running-fg: #0550ae;
          --pending: #818b98; --pending-bg: #eff2f5; --pending-fg: #424a53;
          --skipped: #b7bfc7; --skipped-bg: #f6f8fa; --skipped-fg: #59636e;
          --cancelled: #59636e; --cancelled-bg: #eff2f5; --cancelled-fg: #32383f;
          --flaky: #bf8700; --flaky-bg: #fff8c5; --flaky-fg: #7d4e00;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --card: #151b23; --border: #3d444d;
            --link: #4493f8; --code-bg: #212830; --zebra: rgba(101, 108, 118, 0.14); --grid: #2f3742;
            --passed: #3fb950; --passed-bg: rgba(46, 160, 67, 0.18); --passed-fg: #7ee787;
            --failed: #f85149; --failed-bg: rgba(248, 81, 73, 0.18); --failed-fg: #ffa198;
            --error: #db6d28; --error-bg: rgba(219, 109, 40, 0.2); --error-fg: #ffa657;
            --running: #4493f8; --running-bg: rgba(56, 139, 253, 0.2); --running-fg: #a5d6ff;
            --pending: #768390; --pending-bg: rgba(110, 118, 129, 0.2); --pending-fg: #d1d7e0;
            --skipped: #4a525c; --skipped-bg: rgba(110, 118, 129, 0.1); --skipped-fg: #9198a1;
            --cancelled: #9198a1; --cancelled-bg: rgba(110, 118, 129, 0.2); --cancelled-fg: #d1d7e0;
            --flaky: #d29922; --flaky-bg: rgba(187, 128, 9, 0.2); --flaky-fg: #e3b341;
          }
        }
        .status-queued, .status-pending { --st: var(--pending); --st-bg: var(--pending-bg); --st-fg: var(--pending-fg); }
        .status-running { --st: var(--running); --st-bg: var(--running-bg); --st-fg: var(--running-fg); }
        .status-passed { --st: var(--passed); --st-bg: var(--passed-bg); --st-fg: var(--passed-fg); }
        .status-failed { --st: var(--failed); --st-bg: var(--failed-bg); --st-fg: var(--failed-fg); }
        .status-error { --st: var(--error); --st-bg: var(--error-bg); --st-fg: var(--error-fg); }
        .status-skipped { --st: var(--skipped); --st-bg: var(--skipped-bg); --st-fg: var(--skipped-fg); }
        .status-cancelled { --st: var(--cancelled); --st-bg: var(--cancelled-bg); --st-fg: var(--cancelled-fg); }

        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body {
          margin: 0; background: var(--bg); color: var(--fg); line-height: 1.45;
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", sans-serif;
        }
        a { color: var(--link); text-decoration: none; }
        a:hover, a:focus-visible { text-decoration: underline; }
        a:focus-visible, summary:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; }
        code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
        code { background: var(--code-bg); padding: 0.1em 0.35em; border-radius: 4px; overflow-wrap: anywhere; }
        .muted { color: var(--muted); }
        .nowrap { white-space: nowrap; }

        .topbar { background: var(--card); border-bottom: 1px solid var(--border); }
        .topbar .inner { display: flex; align-items: center; gap: 16px; padding: 10px 20px; max-width: 1280px; margin: 0 auto; }
        .brand { font-weight: 700; font-size: 16px; color: var(--fg); letter-spacing: 0.02em; }
        .live-note { margin-left: auto; font-size: 12.5px; color: var(--running-fg); background: var(--running-bg);
          padding: 2px 10px; border-radius: 999px; }
        main { max-width: 1280px; margin: 0 auto; padding: 20px; }
        h1 { font-size: 22px; margin: 0 0 4px; overflow-wrap: anywhere; }
        h2 { font-size: 16px; margin: 28px 0 10px; }
        footer { max-width: 1280px; margin: 0 auto; padding: 8px 20px 28px; font-size: 12px; color: var(--muted); }

        .card { background: var(--card); border: 1px solid var(--border); border-radius: 8px; }
        .table-wrap { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--border); vertical-align: top; }
        thead th { font-size: 12px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em;
          white-space: nowrap; }
        tbody tr:last-child td { border-bottom: 0; }
        tbody tr:hover td { background: var(--zebra); }

        .badge { display: inline-flex; align-items: center; gap: 4px; padding: 1px 8px; border-radius: 999px;
          font-size: 12px; font-weight: 600; white-space: nowrap; color: var(--st-fg); background: var(--st-bg);
          border: 1px solid var(--st); }
        .badge.status-skipped { border-style: dashed; }
        .tag { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 11px; font-weight: 600;
          border: 1px solid currentColor; white-space: nowrap; }
        .tag-flaky { color: var(--flaky-fg); background: var(--flaky-bg); }
        .tag-soft { color: var(--failed-fg); background: var(--failed-bg); border-style: dashed; }
        .tag-retry { color: var(--running-fg); background: var(--running-bg); }

        .counts { display: inline-flex; flex-direction: column; gap: 3px; min-width: 140px; }
        .counts-bar { display: flex; height: 8px; width: 140px; border-radius: 4px; overflow: hidden;
          background: var(--code-bg); }
        .counts-bar .seg { background: var(--st); min-width: 3px; }
        .counts-bar .seg + .seg { border-left: 1px solid var(--card); }
        .counts-words { font-size: 12px; color: var(--muted); }

        .filters { display: flex; flex-wrap: wrap; gap: 6px; margin: 0 0 14px; padding: 0; list-style: none; }
        .filters a { display: inline-block; padding: 3px 12px; border-radius: 999px; border: 1px solid var(--border);
          background: var(--card); color: var(--fg); font-size: 13px; }
        .filters a[aria-current="page"] { background: var(--fg); color: var(--bg); border-color: var(--fg); }
        .runs td.run-plan a { font-weight: 600; overflow-wrap: anywhere; }
        .runs .sub { font-size: 12px; color: var(--muted); margin-top: 2px; }
        .pager { display: flex; justify-content: flex-end; margin-top: 14px; }
        .pager a { padding: 6px 14px; border: 1px solid var(--border); border-radius: 6px; background: var(--card); }
        .empty { padding: 40px 20px; text-align: center; }
        .empty p { margin: 6px 0; }

        .run-head { display: flex; flex-wrap: wrap; align-items: center; gap: 10px 14px; }
        .crumbs { font-size: 13px; margin-bottom: 10px; }
        .facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 12px 20px;
          margin: 16px 0 0; padding: 16px; }
        .facts div { min-width: 0; }
        .facts .wide { grid-column: span 2; }
        .facts dt { font-size: 12px; color: var(--muted); }
        .facts dd { margin: 2px 0 0; overflow-wrap: anywhere; }

        .timeline-wrap { overflow-x: auto; padding: 10px 12px; }
        .timeline { display: block; width: 100%; min-width: 760px; height: auto; font-size: 12px;
          font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", sans-serif; }
        .timeline text { fill: var(--fg); }
        .timeline .tl-sub, .timeline .tl-tick, .timeline .tl-axis-name { fill: var(--muted); }
        .timeline .tl-stage-name { font-weight: 700; }
        .timeline .tl-stage-name .tl-sub { font-weight: 400; }
        .timeline .tl-grid { stroke: var(--grid); stroke-width: 1; }
        .timeline .tl-stage-rule { stroke: var(--border); stroke-width: 1; }
        .timeline .tl-zebra { fill: var(--zebra); }
        .timeline .tl-bar { fill: var(--st); }
        .timeline .tl-empty { stroke: var(--skipped); stroke-width: 1.5; stroke-dasharray: 2 4; }
        .timeline .tl-retry { stroke: var(--card); stroke-width: 2; }
        .timeline .flaky .tl-bar { stroke: var(--flaky); stroke-width: 2.5; }
        .timeline .bar .tl-status { fill: var(--st-fg); }
        .timeline .bar.status-skipped .tl-status, .timeline .bar.status-pending .tl-status { fill: var(--muted); }
        .timeline .tl-attempt { fill: var(--st); }
        .timeline .soft .tl-bar { fill-opacity: 0.4; stroke: var(--st); stroke-width: 1.5; stroke-dasharray: 4 2; }
        .timeline .tl-now { stroke: var(--running); stroke-width: 1.5; stroke-dasharray: 4 3; }
        .timeline .tl-now-label { fill: var(--running-fg); font-weight: 600; }
        .timeline .bar:hover text { font-weight: 600; }
        @media (prefers-reduced-motion: no-preference) {
          .timeline .live .tl-bar { animation: pulse 1.6s ease-in-out infinite; }
          .badge.status-running span[aria-hidden] { animation: pulse 1.6s ease-in-out infinite; }
        }
        @keyframes pulse { 50% { opacity: 0.55; } }
        .legend { display: flex; flex-wrap: wrap; gap: 6px 14px; padding: 0 14px 12px; font-size: 12px; color: var(--muted); }
        .legend .swatch { display: inline-block; width: 12px; height: 10px; border-radius: 2px; background: var(--st);
          margin-right: 5px; vertical-align: -1px; }
        .legend .swatch.flaky { background: transparent; border: 2.5px solid var(--flaky); }
        .legend .swatch.soft { background: transparent; border: 1.5px dashed var(--failed); }

        .cells th, .cells td { padding: 7px 7px; }
        .cells td { font-size: 13px; }
        .cells td code { overflow-wrap: break-word; }
        .cells td.step { min-width: 110px; max-width: 190px; overflow-wrap: anywhere; }
        .cells td.build { min-width: 100px; max-width: 130px; }
        .hint { margin: -4px 0 10px; font-size: 12.5px; }
        .cells tbody.stage th { background: var(--code-bg); font-size: 13px; padding: 6px 10px; }
        .cells tbody.stage th .muted { font-weight: 400; margin-left: 8px; }
        .cells td.target { min-width: 110px; max-width: 190px; overflow-wrap: anywhere; }
        .cells td.error { min-width: 170px; width: 22%; overflow-wrap: anywhere; }
        .cells .error-text { color: var(--failed-fg); }
        .cells tr.status-skipped .error-text, .cells tr.status-cancelled .error-text { color: var(--muted); }
        details summary { cursor: pointer; }
        details.error-full summary { color: var(--failed-fg); }
        details pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 6px 0 0; padding: 8px;
          background: var(--code-bg); border-radius: 6px; max-height: 320px; overflow: auto; }
        ol.attempts { margin: 6px 0 0; padding-left: 18px; font-size: 12px; min-width: 230px; }
        ol.attempts code { white-space: nowrap; }
        ol.attempts li { margin: 3px 0; }
        .events td { font-size: 12.5px; }
        .events-log > summary { padding: 10px 14px; }
        .note { padding: 12px 14px 0; margin: 0; }

        @media (max-width: 760px) {
          main { padding: 12px; }
          .topbar .inner { padding: 10px 12px; }
          .runs thead, .cells thead { display: none; }
          .runs tr, .cells tr { display: block; border-bottom: 1px solid var(--border); padding: 6px 0; }
          .runs td, .cells td { display: flex; gap: 10px; border: 0; padding: 3px 12px; max-width: none; }
          .runs td::before, .cells td::before { content: attr(data-label); flex: 0 0 88px; color: var(--muted);
            font-size: 12px; }
          .cells tbody.stage th { display: block; }
          .cells td:empty { display: none; }
        }
        """
}
