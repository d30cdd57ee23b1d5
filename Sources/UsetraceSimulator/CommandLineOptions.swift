/// The command line: `usetrace-sim [--host 127.0.0.1] [--port 0] [--config FILE.json] [--log FILE.jsonl]`.
struct CommandLineOptions: Equatable {
    var host = "127.0.0.1"
    var port = 0
    var configPath: String?
    var logPath: String?
    var showHelp = false

    static let usage = """
        usage: usetrace-sim [--host ADDR] [--port N] [--config FILE.json] [--log FILE.jsonl]

        A stand-in for the Usetrace API on a local port, for tests and demos.
          --host ADDR         address to listen on (default 127.0.0.1)
          --port N            port; 0 picks a free one (default 0)
          --config FILE.json  how builds go and which faults to inject (below)
          --log FILE.jsonl    also append every event of GET /_sim/log to FILE, one JSON line each

        Prints "usetrace-sim listening on http://HOST:PORT" once ready; runs until SIGINT or SIGTERM.

        API: POST /api/trace/ID/execute, POST /api/project/ID/execute-all,
             GET /api/build/ID/status, GET /api/build/ID/results/json|junit (404 until FINISHED).
        Controls: GET /_sim/log[?after=SEQ], POST /_sim/reset, POST /_sim/config (same JSON as the file).

        Configuration (every key optional):
          {"requiredKey": "KEY", "defaultDurationMs": 2000, "acceptedMs": 400,
           "defaultBaseUrl": "https://app.example.com/",
           "traces": {"ID": {"name": "Login", "durationMs": 2600, "outcome": "pass|fail", "error": "text",
                             "failTimes": 1, "browsers": {"firefox": {"durationMs": 3100, "outcome": "fail"}}}},
           "tags": {"smoke": ["ID", ...]},
           "faults": {"startFailures": 0, "startStatus": 503, "slowStartMs": 0, "slowStatusMs": 0,
                      "statusNotFoundMs": 0, "webhook": {"mode": "deliver|lost|repeat|late", "repeat": 2,
                      "lateMs": 5000}}}
        """

    /// Parses the arguments (without the program name); the error is a sentence for stderr.
    init(arguments: [String]) throws(ConfigurationError) {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            if argument == "--help" || argument == "-h" {
                showHelp = true
                continue
            }
            let name: String
            var value: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            } else {
                name = argument
            }
            guard ["--host", "--port", "--config", "--log"].contains(name) else {
                throw ConfigurationError(message: "unknown argument \(argument)")
            }
            if value == nil { value = rest.popFirst() }
            guard let value, !value.isEmpty else { throw ConfigurationError(message: "\(name) needs a value") }
            switch name {
            case "--host": host = value
            case "--port":
                guard let port = Int(value), (0...65535).contains(port) else {
                    throw ConfigurationError(message: "--port must be a number from 0 to 65535, not \(value)")
                }
                self.port = port
            case "--config": configPath = value
            default: logPath = value
            }
        }
    }
}
