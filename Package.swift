// swift-tools-version: 6.0
// orch: a declarative run-plan compiler and executor for Usetrace.
import PackageDescription

/// One system-library target per Debian C library; each is imported by exactly one Swift module.
func systemLibrary(_ name: String, pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, path: "Sources/CLibraries/\(name)", pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let package = Package(
    name: "orch",
    products: [
        .executable(name: "orch", targets: ["orch"]),
        .executable(name: "usetrace-sim", targets: ["usetrace-sim"]),
        .library(name: "PlanCompiler", targets: ["PlanCompiler"]),
        .library(name: "Executor", targets: ["Executor"]),
        .library(name: "Server", targets: ["Server"]),
    ],
    targets: [
        // C layer.
        systemLibrary("CYAML", pkgConfig: "yaml-0.1", apt: "libyaml-dev"),
        systemLibrary("CSQLite", pkgConfig: "sqlite3", apt: "libsqlite3-dev"),
        systemLibrary("CCurl", pkgConfig: "libcurl", apt: "libcurl4-openssl-dev"),
        systemLibrary("CMicroHTTPD", pkgConfig: "libmicrohttpd", apt: "libmicrohttpd-dev"),
        systemLibrary("COpenSSL", pkgConfig: "libcrypto", apt: "libssl-dev"),
        .target(name: "CCurlShims", dependencies: ["CCurl"], path: "Sources/CLibraries/CCurlShims"),
        .target(name: "CMicroHTTPDShims", dependencies: ["CMicroHTTPD"], path: "Sources/CLibraries/CMicroHTTPDShims"),
        .target(name: "CProcessShims", path: "Sources/CLibraries/CProcessShims"),

        // Foundations shared by every layer.
        .target(name: "JSON"),
        .target(name: "Crypto", dependencies: ["COpenSSL"]),
        .target(name: "HTTPTypes"),

        // The compiler: text in, compiled plan out. Knows nothing of SQLite or HTTP.
        .target(name: "PlanCompiler", dependencies: ["CYAML", "JSON", "Crypto"]),

        // Persistence, the HTTP client and the Usetrace API.
        .target(name: "Store", dependencies: ["CSQLite", "PlanCompiler", "JSON", "Crypto"]),
        .target(name: "HTTPClient", dependencies: ["HTTPTypes", "CCurl", "CCurlShims"]),
        .target(name: "Usetrace", dependencies: ["HTTPClient", "JSON"]),

        // The executor: runs compiled plans. Knows nothing of the HTTP server.
        .target(
            name: "Executor",
            dependencies: ["PlanCompiler", "Store", "Usetrace", "HTTPClient", "JSON", "Crypto", "CProcessShims"]),

        // The HTTP server layer and the service built on it.
        .target(name: "WebServer", dependencies: ["HTTPTypes", "CMicroHTTPD", "CMicroHTTPDShims"]),
        .target(
            name: "Server",
            dependencies: ["Executor", "Store", "PlanCompiler", "Usetrace", "WebServer", "HTTPTypes", "JSON", "Crypto"]),

        // The command line: every `orch` command; the executable only calls it.
        .target(
            name: "OrchCLI",
            dependencies: ["PlanCompiler", "Store", "Executor", "Server", "HTTPClient", "Usetrace", "JSON", "Crypto"]),

        // Executables.
        .executableTarget(name: "orch", dependencies: ["OrchCLI"]),
        .executableTarget(
            name: "usetrace-sim", dependencies: ["WebServer", "Crypto", "JSON"],
            path: "Sources/UsetraceSimulator"),

        // Benchmarks: each prints its figures (scripts/bench.sh runs them all).
        .executableTarget(
            name: "bench-compile", dependencies: ["PlanCompiler", "JSON"], path: "Sources/Benchmarks/CompileBenchmark"),
        .executableTarget(
            name: "bench-store", dependencies: ["Store", "PlanCompiler", "JSON"],
            path: "Sources/Benchmarks/StoreBenchmark"),
        .target(name: "BenchmarkSupport", path: "Sources/Benchmarks/Support"),
        .executableTarget(
            name: "bench-run",
            dependencies: ["Executor", "Store", "PlanCompiler", "Usetrace", "HTTPClient", "BenchmarkSupport"],
            path: "Sources/Benchmarks/RunBenchmark"),
        .executableTarget(
            name: "bench-serve",
            dependencies: ["Server", "Executor", "Store", "WebServer", "JSON", "BenchmarkSupport"],
            path: "Sources/Benchmarks/ServeBenchmark"),

        // Tests.
        .target(name: "TestFixtures", path: "Tests/TestFixtures", exclude: ["Fixtures"]),
        .testTarget(name: "PlanCompilerTests", dependencies: ["PlanCompiler", "JSON"], resources: [.copy("Golden")]),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "PlanCompiler", "JSON"]),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "WebServer", "TestFixtures"]),
        .testTarget(
            name: "UsetraceTests", dependencies: ["Usetrace", "HTTPClient", "WebServer", "JSON", "TestFixtures"]),
        .testTarget(
            name: "ExecutorTests",
            dependencies: ["Executor", "Store", "PlanCompiler", "Usetrace", "HTTPClient", "JSON"]),
        .testTarget(
            name: "WebServerTests", dependencies: ["WebServer", "HTTPClient", "usetrace-sim", "JSON", "TestFixtures"]),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Executor", "Store", "WebServer", "HTTPClient", "PlanCompiler", "Usetrace", "JSON", "Crypto",
            ]),
        .testTarget(name: "OrchCLITests", dependencies: ["OrchCLI", "PlanCompiler", "JSON", "Executor", "Store"]),
        .testTarget(
            name: "IntegrationTests", dependencies: ["orch", "usetrace-sim", "JSON", "HTTPClient", "TestFixtures"]),
    ]
)
