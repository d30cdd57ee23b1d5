/// The webhook URL of one attempt's start: `{public-url}/webhook/{runId}/{token}`.
public enum WebhookURL {
    /// The URL for `runId` and `token` under `publicURL` (a final `/` of it is ignored).
    public static func make(publicURL: String, runId: String, token: String) -> String {
        var base = publicURL
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/webhook/\(runId)/\(token)"
    }
}
