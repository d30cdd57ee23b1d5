/// The benchmark's plan: `steps` trace steps (one stage each), each on `width` capabilities.
///
/// Two capabilities are chrome and firefox; more are chrome and firefox with a `version` key each,
/// so every one is its own lane and its own cell.
enum BenchmarkPlan {
    static func yaml(steps: Int, width: Int) -> String {
        var text = "name: bench\ncapabilities:\n"
        for lane in 0..<width {
            let browser = lane % 2 == 0 ? "chrome" : "firefox"
            text += width <= 2 ? "  - \(browser)\n" : "  - {browserName: \(browser), version: \"v\(lane / 2)\"}\n"
        }
        text += "steps:\n"
        for step in 1...steps { text += "  - trace: BenchTrace\(step)\n" }
        return text
    }
}
