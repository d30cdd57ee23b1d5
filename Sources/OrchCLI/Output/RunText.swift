import Executor
import Foundation
import Store

/// The text forms of runs: the summary at the end of `orch run`, `orch runs show`, `orch runs list`.
enum RunText {
    /// The end of a followed run: its outcome, its cells counted, each failed or errored cell with its
    /// reason, and where to see more: `orch runs show ID` for a local run, the run's page on the
    /// server (`pageURL`) for a run of `orch serve`, whose database `orch runs show` does not read.
    static func summary(run: RunRecord, cells: [CellRecord], pageURL: String? = nil) -> String {
        var text = "run \(run.id) \(run.status.rawValue)"
        if let started = run.startedAt, let finished = run.finishedAt {
            text += " after " + LiveFrame.elapsed(finished.timeIntervalSince(started))
        }
        text += ": \(cells.count) cell\(cells.count == 1 ? "" : "s"), " + counts(of: cells) + "\n"
        for cell in cells where cell.status == .failed || cell.status == .error {
            text += "  " + describe(cell) + "\n"
        }
        text += "Details: " + (pageURL ?? "orch runs show \(run.id)") + "\n"
        return text
    }

    /// `orch runs show ID`: the run's fields, then a table of its cells.
    static func details(run: RunRecord, cells: [CellRecord]) -> String {
        var text = "run       \(run.id)  \(run.status.rawValue)\n"
        text += "plan      \(run.planName)  \(run.planHash)\n"
        if let client = run.clientName { text += "client    \(client)\n" }
        text += "created   \(Timestamp.rfc3339(run.createdAt))\n"
        if let started = run.startedAt { text += "started   \(Timestamp.rfc3339(started))\n" }
        if let finished = run.finishedAt {
            text += "finished  \(Timestamp.rfc3339(finished))"
            if let started = run.startedAt {
                text += "  (" + LiveFrame.elapsed(finished.timeIntervalSince(started)) + ")"
            }
            text += "\n"
        }
        text += "cells     \(cells.count): " + counts(of: cells) + "\n\n"
        var table = TextTable(
            header: ["SEQ", "STAGE", "STEP", "BROWSER", "STATUS", "ATTEMPTS", "BUILD", "TIME", "ERROR"])
        for cell in cells {
            var status = cell.status.rawValue
            if cell.status == .pending && cell.attempt > 0 { status = "retrying" }
            if cell.flaky { status += " flaky" }
            if cell.soft { status += " soft" }
            var time = "-"
            if let started = cell.startedAt, let finished = cell.finishedAt {
                time = LiveFrame.elapsed(finished.timeIntervalSince(started))
            }
            table.rows.append([
                String(cell.seq), String(cell.stage), cell.stepId, cell.capability?["browserName"]?.stringValue ?? "-",
                status, String(cell.attempt), cell.buildId ?? "-", time,
                cell.error.map(ProgressLine.oneLine) ?? "",
            ])
        }
        return text + table.text
    }

    /// `orch runs list`: one row per run, newest first, and how to see the next page.
    static func list(_ page: RunPage) -> String {
        guard !page.runs.isEmpty else { return "no runs\n" }
        var table = TextTable(header: ["ID", "STATUS", "PLAN", "CREATED", "FINISHED", "CELLS"])
        for summary in page.runs {
            let run = summary.run
            table.rows.append([
                run.id, run.status.rawValue, run.planName, Timestamp.rfc3339(run.createdAt),
                run.finishedAt.map(Timestamp.rfc3339) ?? "-",
                "\(summary.cells.total): " + counts(summary.cells),
            ])
        }
        var text = table.text
        if let cursor = page.nextCursor { text += "More: orch runs list --cursor \(cursor)\n" }
        return text
    }

    /// `5 passed (1 flaky), 1 failed (1 soft), 2 skipped`: the statuses that occur, in lifecycle order.
    static func counts(of cells: [CellRecord]) -> String {
        var byStatus: [CellStatus: Int] = [:]
        for cell in cells { byStatus[cell.status, default: 0] += 1 }
        var words = counts(CellCounts(byStatus: byStatus))
        let flaky = cells.filter(\.flaky).count
        let soft = cells.filter(\.soft).count
        if flaky > 0 { words += ", \(flaky) flaky" }
        if soft > 0 { words += ", \(soft) soft" }
        return words
    }

    /// `5 passed, 1 failed`: the statuses that occur, in lifecycle order (`none` for no cell).
    static func counts(_ counts: CellCounts) -> String {
        let parts = CellStatus.allCases.compactMap { status -> String? in
            let n = counts[status]
            return n > 0 ? "\(n) \(status.rawValue)" : nil
        }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    /// `cell 3 stage 2 login/firefox failed soft: 1 of 1 test failed`.
    static func describe(_ cell: CellRecord) -> String {
        let label = cell.capability?["browserName"]?.stringValue.map { "\(cell.stepId)/\($0)" } ?? cell.stepId
        var text = "cell \(cell.seq) stage \(cell.stage) \(label) \(cell.status.rawValue)"
        if cell.soft { text += " soft" }
        if let error = cell.error { text += ": " + ProgressLine.oneLine(error) }
        return text
    }
}
