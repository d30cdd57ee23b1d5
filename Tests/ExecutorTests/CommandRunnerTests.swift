import Foundation
import Testing

@testable import Executor

@Suite("Command runner")
struct CommandRunnerTests {
    let runner = CommandRunner(outputLimit: 64 * 1024, killGrace: .milliseconds(300))

    func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("orch-cmd-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func exitZeroPasses() async throws {
        let result = try await runner.run("true", in: "/")
        #expect(result.passed)
        #expect(result.exitStatus == 0)
        #expect(result.stop == nil)
        #expect(result.summary == "exited with status 0")
    }

    @Test func exitThreeFailsWithItsStatus() async throws {
        let result = try await runner.run("exit 3", in: "/")
        #expect(!result.passed)
        #expect(result.exitStatus == 3)
        #expect(result.summary == "exited with status 3")
    }

    @Test func stdoutAndStderrAreCapturedTogether() async throws {
        let result = try await runner.run("echo out; echo err >&2; echo again", in: "/")
        #expect(result.output == "out\nerr\nagain\n")
        #expect(!result.outputTruncated)
    }

    @Test func outputIsBoundedToItsTail() async throws {
        let small = CommandRunner(outputLimit: 1000)
        // 200,000 bytes of numbered lines: only the last 1000 bytes are kept.
        let result = try await small.run("seq 1 40000 | sed 's/$/ line/'", in: "/")
        #expect(result.outputTruncated)
        #expect(result.output.utf8.count <= 1000)
        #expect(result.output.hasSuffix("39999 line\n40000 line\n"))
    }

    @Test func truncatedTailDoesNotStartInTheMiddleOfACharacter() async throws {
        let small = CommandRunner(outputLimit: 101)
        // "é" is two bytes: a 101-byte tail of 'é'*100 would start with half of one.
        let result = try await small.run(
            "printf 'ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé'",
            in: "/")
        #expect(result.output == String(repeating: "é", count: 50))
    }

    @Test func workingDirectoryIsHonoured() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "fixture".write(toFile: folder + "/marker.txt", atomically: true, encoding: .utf8)
        let result = try await runner.run("pwd; cat marker.txt", in: folder)
        let resolved = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        #expect(result.output == "\(resolved)\nfixture")
        #expect(result.passed)
    }

    @Test func missingWorkingDirectoryIsAStartError() async throws {
        #expect(throws: CommandError.self) {
            _ = try runner.start("true", in: "/nonexistent/orch-\(UUID().uuidString)")
        }
    }

    @Test func stdinIsEmpty() async throws {
        let result = try await runner.run("cat; echo done", in: "/")
        #expect(result.output == "done\n")
    }

    @Test func environmentIsPassedAndExtended() async throws {
        let result = try await runner.run(
            "echo \"$ORCH_TEST_VALUE:$PATH\"", in: "/", environment: ["ORCH_TEST_VALUE": "42"])
        #expect(result.output.hasPrefix("42:"))
        #expect(result.output.count > 4)
    }

    @Test func orchsSecretsAreWithheldFromCommands() async throws {
        let runner = CommandRunner(withheldVariables: ["HOME"])
        let result = try await runner.run("echo \"[${HOME:-unset}]\"", in: "/")
        #expect(result.output == "[unset]\n")
        #expect(CommandRunner().withheldVariables.contains("USETRACE_API_KEY"))
    }

    @Test func timeOutKillsTheCommandAndItsChildren() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The shell starts a child (sleep 30), records its pid, and waits for it.
        let started = ContinuousClock.now
        let result = try await runner.run(
            "sleep 30 & echo $! > child.pid; echo started; wait", in: folder, timeout: .seconds(1))
        let elapsed = ContinuousClock.now - started
        #expect(result.stop == .timedOut)
        #expect(!result.passed)
        #expect(result.summary == "timed out")
        #expect(result.output == "started\n")
        #expect(elapsed >= .seconds(1))
        #expect(elapsed < .seconds(5))
        let childText = try String(contentsOfFile: folder + "/child.pid", encoding: .utf8)
        let child = try #require(Int32(childText.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!processIsAlive(child), "the child sleep must be gone")
        #expect(!ProcessGroup(id: result.pid).isAlive)
    }

    @Test func aGroupThatIgnoresSIGTERMIsKilledAfterTheGrace() async throws {
        let result = try await runner.run("trap '' TERM; sleep 30 & wait; wait", in: "/", timeout: .milliseconds(200))
        #expect(result.stop == .timedOut)
        #expect(!ProcessGroup(id: result.pid).isAlive)
    }

    @Test func terminateKillsARunningCommand() async throws {
        let command = try runner.start("sleep 30", in: "/")
        #expect(command.group.isAlive)
        command.terminate()
        let result = await command.result()
        #expect(result.stop == .terminated)
        #expect(!command.group.isAlive)
    }

    @Test func theCommandRunsInItsOwnProcessGroup() async throws {
        let result = try await runner.run("ps -o pgid= -p $$", in: "/")
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "\(result.pid)")
        #expect(result.pid != getpgrp())
    }

    @Test func aCommandThatEndsBeforeItsTimeOutIsNotStopped() async throws {
        let result = try await runner.run("echo quick", in: "/", timeout: .seconds(5))
        #expect(result.passed)
        #expect(result.stop == nil)
    }

    @Test func aBackgroundChildHoldingTheOutputDoesNotHoldTheResult() async throws {
        let started = ContinuousClock.now
        // The child sleeps far longer than any loaded machine needs to run the parent.
        let result = try await runner.run("sleep 20 & echo parent done", in: "/")
        #expect(result.passed)
        #expect(result.output == "parent done\n")
        #expect(ContinuousClock.now - started < .seconds(10))
        ProcessGroup(id: result.pid).send(SIGKILL)
    }

    @Test func severalWaitersAllGetTheResult() async throws {
        let command = try runner.start("exit 7", in: "/")
        async let a = command.result()
        async let b = command.result()
        let (ra, rb) = await (a, b)
        #expect(ra.exitStatus == 7)
        #expect(ra == rb)
        #expect(await command.result().exitStatus == 7)
    }

    @Test func procStatLinesWithParenthesesInTheNameParse() {
        let parsed = ProcessGroup.parseStat("123 (a (b) c) S 1 456 456 0 -1")
        #expect(parsed?.state == "S")
        #expect(parsed?.group == 456)
    }
}

/// Whether a process exists and is not a zombie.
func processIsAlive(_ pid: Int32) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let parsed = ProcessGroup.parseStat(stat)
    else { return false }
    return parsed.state != "Z"
}
