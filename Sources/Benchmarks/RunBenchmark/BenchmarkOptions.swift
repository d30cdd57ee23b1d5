/// `--steps N` (stages), `--width N` (capabilities per step: cells per stage), `--poll-ms N`.
struct BenchmarkOptions {
    var steps = 1000
    var width = 2
    var pollMs = 1

    init(_ arguments: ArraySlice<String>) {
        var rest = arguments
        while let name = rest.popFirst() {
            guard let text = rest.popFirst(), let value = Int(text), value > 0 else {
                fail("usage: bench-run [--steps N] [--width N] [--poll-ms N]")
            }
            switch name {
            case "--steps": steps = value
            case "--width": width = value
            case "--poll-ms": pollMs = value
            default: fail("unknown option \(name)")
            }
        }
    }
}
