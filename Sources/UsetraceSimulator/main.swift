import Dispatch
import Foundation
import JSON
import WebServer

/// Prints a message to stderr and exits with `code` (2: bad usage or configuration, 1: cannot serve).
func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("usetrace-sim: \(message)\n".utf8))
    exit(code)
}

let options: CommandLineOptions
do {
    options = try CommandLineOptions(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    fail("\(error.message)\n\(CommandLineOptions.usage)", code: 2)
}
if options.showHelp {
    print(CommandLineOptions.usage)
    exit(0)
}

var configuration = SimulatorConfiguration()
if let path = options.configPath {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)", code: 2) }
    do {
        configuration = try SimulatorConfiguration(json: try JSONValue.parse(data))
    } catch let error as ConfigurationError {
        fail("\(path): \(error.message)", code: 2)
    } catch {
        fail("\(path): not valid JSON", code: 2)
    }
}

let logFile: LogFile?
do {
    logFile = try options.logPath.map { try LogFile(path: $0) }
} catch {
    fail("\(error)", code: 2)
}

let simulator = Simulator(configuration: configuration, logFile: logFile)
// Configured delays (slowStartMs, slowStatusMs) hold a worker thread, so have plenty of them. Every
// orch under test calls from one address and keeps up to 256 connections: no per-address cap.
let server = WebServer(
    configuration: .init(
        host: options.host, port: options.port, maxConnectionsPerIP: 0,
        threading: .pool(max(8, ProcessInfo.processInfo.activeProcessorCount)))
) { request in simulator.handle(request) }
do {
    try server.start()
} catch {
    fail("\(error)", code: 1)
}

let shownHost = options.host.contains(":") ? "[\(options.host)]" : options.host
print("usetrace-sim listening on http://\(shownHost):\(server.port)")
fflush(nil)

// SIGINT and SIGTERM stop the server gracefully (requests in flight are answered), then exit 0.
signal(SIGINT, SIG_IGN)
signal(SIGTERM, SIG_IGN)
let signalSources = [SIGINT, SIGTERM].map { number in
    let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
    source.setEventHandler {
        server.stop(grace: .seconds(2))
        exit(0)
    }
    source.resume()
    return source
}
withExtendedLifetime(signalSources) { dispatchMain() }
