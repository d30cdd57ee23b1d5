import Usetrace

/// How a driver follows its run: the poll interval, the public URL for webhooks, where commands run.
public struct RunDriverSettings: Sendable {
    /// How often a running build's status is checked (`--poll-interval`).
    public var pollInterval: Duration
    /// The base of the webhook URLs given to Usetrace (`--public-url`); `nil`: no webhook reporter.
    public var publicURL: String?
    /// Where command steps run when the run's settings name no `workingDirectory` (default: the
    /// current directory).
    public var workingDirectory: String?
    /// How long a 404 for a build's status is taken as "not known yet" after it was started.
    public var notFoundWindow: Duration
    /// How command steps are run (output limit, kill grace).
    public var commands: CommandRunner

    /// Settings; by default 5 s polls, no public URL, the current folder, a 60 s 404 window.
    public init(
        pollInterval: Duration = .seconds(5), publicURL: String? = nil, workingDirectory: String? = nil,
        notFoundWindow: Duration = UsetraceConfiguration.defaultNotFoundWindow,
        commands: CommandRunner = CommandRunner()
    ) {
        self.pollInterval = pollInterval
        self.publicURL = publicURL
        self.workingDirectory = workingDirectory
        self.notFoundWindow = notFoundWindow
        self.commands = commands
    }
}
