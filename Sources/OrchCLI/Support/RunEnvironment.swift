import Executor
import Foundation
import HTTPClient
import Store
import Usetrace

/// The configuration shared by the commands that use the database and Usetrace (interfaces.md,
/// "Configuration"): the option specs, declared once, and what they resolve to.
struct RunEnvironment: Sendable {
    /// `--db PATH` / `ORCH_DB`: every command that reads or writes runs.
    static let databaseOption = OptionSpec.string(
        "db", valueName: "PATH", help: "The SQLite database (created and migrated on first use).",
        environment: ["ORCH_DB"], default: "orch.db")

    /// The options of the commands that drive runs (`run`, `runs rerun`, `runs resume`).
    static let driveOptions: [OptionSpec] = [
        databaseOption,
        .string(
            "usetrace-url", valueName: "URL", help: "The Usetrace API base.", environment: ["USETRACE_API_URL"],
            default: UsetraceConfiguration.defaultBaseURL),
        .string(
            "usetrace-key", valueName: "KEY",
            help: "The Usetrace project API key, sent as ?key= (never shown).", environment: ["USETRACE_API_KEY"]),
        .duration(
            "poll-interval", help: "How often a running build's status is checked.",
            environment: ["ORCH_POLL_INTERVAL"], default: "5s"),
        .string(
            "public-url", valueName: "URL",
            help: "Base of the webhook URLs given to Usetrace (else HOSTNAME when it is a URL); none: poll only.",
            environment: ["ORCH_PUBLIC_URL"]),
        .string(
            "host", valueName: "ADDR", help: "The address to listen on (serve; run's webhooks with a public URL).",
            environment: ["ORCH_HOST"], default: "0.0.0.0"),
        .integer(
            "port", range: 0...65535, help: "The port to listen on (serve; run's webhooks with a public URL).",
            environment: ["PORT"], default: 3000),
    ]

    /// The database file.
    var databasePath: String
    /// The Usetrace API base.
    var usetraceURL: String
    /// The project API key given to orch, if any (the run's stored key wins for a stored run).
    var usetraceKey: String?
    /// How often builds are polled, in milliseconds.
    var pollMilliseconds: Int64
    /// The base of webhook URLs, if orch has one.
    var publicURL: String?
    /// The address to listen on (`--host`).
    var host: String
    /// The port to listen on (`--port`).
    var port: Int

    /// The configuration of a drive command, checked; a bare host name in `HOSTNAME` is ignored
    /// with a warning, given to `warn` (`orch serve` logs it as a JSON line), else printed on stderr.
    /// Errors do not repeat the values (a misplaced key stays out of logs).
    init(
        _ arguments: ParsedArguments, context: CommandContext, warn: ((String) -> Void)? = nil
    ) throws(CommandFailure) {
        let command = arguments.spec.name
        databasePath = Self.databasePath(arguments, context: context)
        usetraceURL = arguments.string("usetrace-url") ?? UsetraceConfiguration.defaultBaseURL
        guard Self.isWebURL(usetraceURL) else {
            throw .usage(
                UsageError(
                    .other("--usetrace-url must be an http:// or https:// URL with a host"), command: command))
        }
        usetraceKey = arguments.string("usetrace-key").flatMap { $0.isEmpty ? nil : $0 }
        let milliseconds = arguments.durationMilliseconds("poll-interval") ?? 5000
        guard milliseconds > 0 else {
            throw .usage(UsageError(.other("--poll-interval must be longer than zero"), command: command))
        }
        pollMilliseconds = milliseconds
        host = arguments.string("host") ?? "0.0.0.0"
        port = arguments.integer("port") ?? 3000

        if let url = arguments.string("public-url"), !url.isEmpty {
            guard Self.isWebURL(url) else {
                throw .usage(
                    UsageError(.other("--public-url must be an http:// or https:// URL with a host"), command: command))
            }
            publicURL = url
        } else if let hostname = context.environment["HOSTNAME"], !hostname.isEmpty {
            // The original service read its public URL from HOSTNAME; containers set it to a bare name.
            if Self.isWebURL(hostname) {
                publicURL = hostname
            } else {
                let warning =
                    "HOSTNAME ('\(hostname)') is not a URL with a scheme, so it is not used as the public URL; "
                    + "set ORCH_PUBLIC_URL or --public-url for webhooks"
                if let warn { warn(warning) } else { context.console.err("orch: warning: \(warning)\n") }
            }
        }
    }

    /// `--db` of any command, made absolute against the command's folder.
    static func databasePath(_ arguments: ParsedArguments, context: CommandContext) -> String {
        absolute(arguments.string("db") ?? "orch.db", in: context.currentDirectory)
    }

    /// Opens (creating and migrating if needed) the database; exit 3 when it cannot be opened.
    static func openStore(path: String) throws(CommandFailure) -> Store {
        do {
            return try Store.open(path: path)
        } catch let error as StoreError {
            throw .cannotWork(error.description)
        } catch {
            throw .cannotWork("cannot open the database \(path): \(error)")
        }
    }

    /// Opens this configuration's database.
    func openStore() throws(CommandFailure) -> Store {
        try Self.openStore(path: databasePath)
    }

    /// How often builds are polled.
    var pollInterval: Duration { .milliseconds(pollMilliseconds) }

    /// The Usetrace service for the driver: the API base and the key given to orch (the run's own
    /// stored key is used first, see `UsetraceBuildService`).
    func buildService() -> UsetraceBuildService {
        UsetraceBuildService(
            configuration: UsetraceConfiguration(baseURL: usetraceURL, apiKey: usetraceKey.map(APIKey.init)))
    }

    /// The driver's settings: poll interval, public URL, and the folder for runs that name none.
    func driverSettings(currentDirectory: String) -> RunDriverSettings {
        RunDriverSettings(pollInterval: pollInterval, publicURL: publicURL, workingDirectory: currentDirectory)
    }

    /// `path` made absolute against `folder`, `.` and `..` resolved.
    static func absolute(_ path: String, in folder: String) -> String {
        let full = path.hasPrefix("/") ? path : (folder as NSString).appendingPathComponent(path)
        return (full as NSString).standardizingPath
    }

    /// Whether `text` is an `http://` or `https://` URL with a host.
    static func isWebURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else { return false }
        return true
    }
}
