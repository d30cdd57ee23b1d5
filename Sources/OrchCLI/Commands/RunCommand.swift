import Executor
import Foundation
import JSON
import PlanCompiler
import Store

/// `orch run [--junit FILE] [--format text|json] [--dry-run] PLAN`: compiles a plan, stores it as a
/// run and drives the run to its end in this process.
enum RunCommand: Command {
    static let words = ["run"]
    static let spec = CommandSpec(
        "run", summary: "Compile a plan, store it as a run, and run it to its end.",
        discussion: """
            The plan's folder is the folder its command steps run in. Exit status: 0 when the run \
            passed, 1 when it failed or was cancelled (or the plan does not compile: nothing is \
            stored then), 2 for a usage error, 3 when orch cannot work (the database). A terminal \
            gets a live view; a pipe gets one line per state change. SIGINT or SIGTERM cancels the \
            run (a second one quits at once); a run whose orch was killed is continued with \
            'orch runs resume ID'. With a public URL (--public-url, ORCH_PUBLIC_URL, or HOSTNAME holding \
            a URL) it also takes Usetrace's webhooks on --host and --port while the run lasts. With \
            --server URL --client ID the plan is scheduled on that orch serve instead and followed there, \
            with the same progress, summary, --junit and exit status (SIGINT cancels it on the server). \
            See docs/RUNNING.md.
            """,
        options: RunFollower.outputOptions + [
            .flag(
                "dry-run", help: "Print the stages, cells and Usetrace calls it would make; start and store nothing."),
            .string(
                "server", valueName: "URL",
                help: "Schedule the plan on this orch serve and follow it there (needs --client).",
                environment: ["ORCH_SERVER"]),
            .string(
                "client", valueName: "ID", help: "The client id to schedule with on --server (never shown).",
                environment: ["ORCH_CLIENT_ID"]),
        ] + RunEnvironment.driveOptions,
        positionals: [PositionalSpec("PLAN", help: "The plan file.")])

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws(CommandFailure) {
        let environment = try RunEnvironment(arguments, context: context)
        try RunFollower.checkJUnitPath(arguments, context: context)
        let path = arguments.positional("PLAN") ?? ""
        let result = try PlanFiles.compile(path)
        let problems = result.diagnostics.map { DiagnosticOutput.text($0, excerpt: nil) }.joined()
        if !problems.isEmpty { context.console.err(problems) }
        guard let plan = result.plan else { throw .checkFailed }
        let folder = (RunEnvironment.absolute(path, in: context.currentDirectory) as NSString).deletingLastPathComponent

        if let server = arguments.string("server"), !server.isEmpty {
            try await runOnServer(server, path: path, environment: environment, arguments: arguments, context: context)
            return
        }

        if arguments.flag("dry-run") {
            let dryRun = DryRun(plan: plan, environment: environment, workingDirectory: folder)
            switch arguments.choice("format") ?? RunFollower.Format.text {
            case .text: context.console.out(dryRun.text)
            case .json: context.console.out(dryRun.json.prettyText + "\n")
            }
            return
        }

        let store = try environment.openStore()
        let run: RunRecord
        do {
            run = try store.createRun(
                plan: plan, usetraceKey: environment.usetraceKey,
                settings: [
                    RunDriver.workingDirectorySetting: .string(folder),
                    DriverClaim.setting: DriverClaim.ownSetting.value,
                ])
        } catch {
            throw .cannotWork("cannot store the run: \(error)")
        }
        try await RunFollower(
            store: store, runId: run.id, environment: environment, arguments: arguments, context: context
        ).follow()
    }

    /// `--server`: schedules the plan file on that `orch serve` and follows the run there.
    private static func runOnServer(
        _ server: String, path: String, environment: RunEnvironment, arguments: ParsedArguments,
        context: CommandContext
    ) async throws(CommandFailure) {
        guard RunEnvironment.isWebURL(server) else {
            throw .usage(UsageError(.other("--server must be an http:// or https:// URL with a host"), command: "run"))
        }
        guard let clientId = arguments.string("client"), !clientId.isEmpty else {
            throw .usage(UsageError(.other("--server needs --client (or ORCH_CLIENT_ID)"), command: "run"))
        }
        guard !arguments.flag("dry-run") else {
            throw .usage(UsageError(.other("--dry-run runs nothing: use it without --server"), command: "run"))
        }
        let remote = RemoteRun(
            server: server, clientId: clientId, usetraceKey: environment.usetraceKey, arguments: arguments,
            context: context)
        let id = try await remote.schedule(try PlanFiles.read(path), path: path)
        try await remote.follow(id)
    }
}
