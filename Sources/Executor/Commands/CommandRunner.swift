import CProcessShims
import Foundation
import Glibc

/// Runs a plan's command steps as real subprocesses: `/bin/sh -c LINE` in its own process group.
///
/// stdin is `/dev/null`; stdout and stderr go to one pipe whose last `outputLimit` bytes are kept.
/// Waiting happens on dedicated threads, never on a Swift-concurrency thread.
public struct CommandRunner: Sendable {
    /// The most bytes of output kept (the tail).
    public var outputLimit: Int
    /// How long a group has after SIGTERM before it gets SIGKILL.
    public var killGrace: Duration
    /// Variables of this process's environment a command does not inherit: orch's own secrets.
    public var withheldVariables: Set<String>

    /// The variables withheld by default: the Usetrace API key orch may have been given.
    public static let secretVariables: Set<String> = ["USETRACE_API_KEY"]

    /// A runner keeping `outputLimit` bytes of output, giving `killGrace` after SIGTERM.
    public init(
        outputLimit: Int = 64 * 1024, killGrace: Duration = .seconds(2),
        withheldVariables: Set<String> = CommandRunner.secretVariables
    ) {
        self.outputLimit = outputLimit
        self.killGrace = killGrace
        self.withheldVariables = withheldVariables
    }

    /// Starts `commandLine` in `workingDirectory`; the group is killed once it runs longer than `timeout`.
    ///
    /// `environment` is added to (and overrides) this process's environment, less `withheldVariables`.
    public func start(
        _ commandLine: String, in workingDirectory: String, timeout: Duration? = nil,
        environment: [String: String] = [:]
    ) throws(CommandError) -> RunningCommand {
        func failure(_ operation: String, _ code: Int32) -> CommandError {
            CommandError(operation: operation, code: code, workingDirectory: workingDirectory)
        }

        // O_CLOEXEC keeps other subprocesses started meanwhile from inheriting the pipe.
        var fds: [Int32] = [-1, -1]
        guard orch_pipe_cloexec(&fds) == 0 else { throw failure("pipe", errno) }
        let (readEnd, writeEnd) = (fds[0], fds[1])

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
        orch_spawn_file_actions_addchdir(&actions, workingDirectory)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group (pgid 0 = its pid), so a time-out can kill it with every child;
        // default signal dispositions and an empty mask, whatever this process set up.
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaultSignals = sigset_t()
        sigfillset(&defaultSignals)
        sigdelset(&defaultSignals, SIGKILL)
        sigdelset(&defaultSignals, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)

        var env = ProcessInfo.processInfo.environment.filter { !withheldVariables.contains($0.key) }
        env.merge(environment) { _, new in new }
        let arguments = ["/bin/sh", "-c", commandLine].map { $0.withCString { strdup($0) } }
        let variables = env.map { "\($0.key)=\($0.value)".withCString { strdup($0) } }
        defer {
            for pointer in arguments + variables { free(pointer) }
        }
        var argv = arguments + [nil]
        var envp = variables + [nil]

        let startedAt = ContinuousClock.now
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &argv, &envp)
        close(writeEnd)
        guard status == 0 else {
            close(readEnd)
            throw failure("posix_spawn", status)
        }
        return RunningCommand(
            pid: pid, output: readEnd, startedAt: startedAt, timeout: timeout, outputLimit: outputLimit,
            killGrace: killGrace)
    }

    /// Starts `commandLine` and waits for it to end (see `start`).
    public func run(
        _ commandLine: String, in workingDirectory: String, timeout: Duration? = nil,
        environment: [String: String] = [:]
    ) async throws(CommandError) -> CommandResult {
        let command = try start(commandLine, in: workingDirectory, timeout: timeout, environment: environment)
        return await command.result()
    }
}
