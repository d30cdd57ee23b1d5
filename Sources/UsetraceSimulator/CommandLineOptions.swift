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
          --config FILE.json  traces, tags and faults (see the README); POST /_sim/config replaces it
          --log FILE.jsonl    also append every event of GET /_sim/log to FILE, one JSON line each

        Prints "usetrace-sim listening on http://HOST:PORT" once ready; runs until SIGINT or SIGTERM.
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
