import Executor
import Foundation
import JSON
import Server
import Store

/// `orch serve`: the HTTP service (original endpoints, JSON API, webhooks, dashboard) with the
/// executor in the same process, until SIGINT or SIGTERM.
enum ServeCommand: Command {
    static let words = ["serve"]
    static let spec = CommandSpec(
        "serve", summary: "Run the HTTP service: schedule runs, take webhooks, show the dashboard.",
        discussion: """
            Listens on --host and --port (PORT, as the original service) and drives every run in this \
            process; at start it resumes every run that had not ended. Webhook URLs given to Usetrace \
            start with --public-url (ORCH_PUBLIC_URL, else HOSTNAME when it holds a URL with a scheme, \
            else http://localhost:PORT). Prints 'orch serve listening on http://HOST:PORT' on stdout once \
            ready; logs one JSON line per request and per state change on stderr. On SIGINT or SIGTERM it \
            stops taking requests, answers the ones in flight, and exits 0; runs under way are resumed by \
            the next start. Plans with command steps ('run:') are refused unless --allow-commands is given: \
            a command runs on this machine, so allowing them lets every client run code here.
            """,
        options: RunEnvironment.driveOptions + [
            .flag(
                "private", help: "Every read needs a client id and shows only that client's runs.",
                environment: ["ORCH_PRIVATE"]),
            .flag(
                "allow-commands", help: "Accept plans with command steps (they run on this machine).",
                environment: ["ORCH_ALLOW_COMMANDS"]),
            .integer(
                "max-active-runs", range: 1...100_000, help: "The most runs driven at once; later ones wait, queued.",
                environment: ["ORCH_MAX_ACTIVE_RUNS"], default: 256),
            .integer(
                "max-connections", range: 1...100_000, help: "The most HTTP connections open at once.",
                environment: ["ORCH_MAX_CONNECTIONS"], default: 1000),
            .integer(
                "max-connections-per-ip", range: 0...100_000,
                help: "The most HTTP connections open at once from one client address (0: no limit).",
                environment: ["ORCH_MAX_CONNECTIONS_PER_IP"], default: 256),
            .duration(
                "connection-timeout", help: "How long a connection may stay idle or half-sent.",
                environment: ["ORCH_CONNECTION_TIMEOUT"], default: "30s"),
            .duration(
                "request-deadline",
                help: "How long a request may take to arrive in full, however steadily it is sent.",
                environment: ["ORCH_REQUEST_DEADLINE"], default: "10s"),
            .integer(
                "threads", range: 1...256,
                help: "A fixed pool of N HTTP threads (default: a thread for each connection).",
                environment: ["ORCH_THREADS"]),
        ])

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws(CommandFailure) {
        let log = ServiceLog(sink: { context.console.err($0 + "\n") })
        let environment = try RunEnvironment(arguments, context: context) { warning in
            log.event("serve.warning", ["message": .string(warning)])
        }
        let store = try environment.openStore()
        let threads = arguments.integer("threads")
        let maxConnections = arguments.integer("max-connections") ?? 1000
        if let threads, maxConnections < threads {
            throw .usage(
                UsageError(.other("--max-connections must be at least --threads (\(threads))"), command: spec.name))
        }
        let requestDeadline = arguments.duration("request-deadline") ?? .seconds(10)
        guard requestDeadline > .zero else {
            throw .usage(UsageError(.other("--request-deadline must be longer than zero"), command: spec.name))
        }
        let configuration = Service.Configuration(
            host: environment.host, port: environment.port,
            publicURL: environment.publicURL, pollInterval: environment.pollInterval,
            isPrivate: arguments.flag("private"), allowsCommands: arguments.flag("allow-commands"),
            workingDirectory: context.currentDirectory, maxActiveRuns: arguments.integer("max-active-runs") ?? 256,
            connectionTimeout: arguments.duration("connection-timeout") ?? .seconds(30),
            requestDeadline: requestDeadline, maxConnections: maxConnections,
            maxConnectionsPerIP: arguments.integer("max-connections-per-ip") ?? 256, threadCount: threads)
        let service = Service(
            configuration: configuration, store: store, builds: environment.buildService(), log: log)

        let signals = SignalLatch()
        let watcher = SignalWatcher([SIGINT, SIGTERM]) { signals.fire($0) }
        defer { watcher.stop() }
        do {
            try await service.start()
        } catch {
            throw .cannotWork("cannot serve: \(error)")
        }
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        context.console.out("orch serve listening on http://\(host):\(service.port)\n")
        let number = await signals.wait()
        log.event("serve.signal", ["signal": .string(SignalWatcher.name(number))])
        await service.stop(grace: .seconds(10))
    }
}
