import Crypto
import Foundation
import FoundationNetworking
import JSON

/// One webhook to deliver for a finished build: the exact body, its signature, and how (faults).
struct WebhookJob: Sendable {
    let buildId: String
    let url: URL
    let body: [UInt8]
    /// Lowercase hex HMAC-SHA256 of `body` keyed by the reporter's secretKey; `nil` without one.
    let signature: String?
    /// The `Authorization: Basic …` value, from the reporter's username and password.
    let authorization: String?
    let mode: SimulatorConfiguration.WebhookMode
    let repeatCount: Int
    let lateMs: Int

    init(build: Build, reporter: WebhookReporter, faults: SimulatorConfiguration.WebhookFaults) {
        buildId = build.id
        url = reporter.url
        body = build.resultsBytes
        signature = reporter.secretKey.map { Digest.hmacSHA256Hex(key: Array($0.utf8), message: build.resultsBytes) }
        if reporter.username != nil || reporter.password != nil {
            let credentials = "\(reporter.username ?? ""):\(reporter.password ?? "")"
            authorization = "Basic " + Data(credentials.utf8).base64EncodedString()
        } else {
            authorization = nil
        }
        mode = faults.mode
        repeatCount = max(1, faults.repeatCount)
        lateMs = faults.lateMs
    }

    /// The URL as the log shows it: without user info or query string, where tokens could hide.
    var loggableURL: String {
        guard var parts = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "?" }
        parts.user = nil
        parts.password = nil
        parts.query = nil
        parts.fragment = nil
        return parts.string ?? "?"
    }
}

/// POSTs webhooks with URLSession, on tasks of their own: never on the web server's threads.
///
/// Each POST has a short time-out; a failed one is logged and not retried (the real service
/// does not promise delivery either: receivers must poll as a fallback).
final class WebhookDelivery: Sendable {
    /// Per-POST time-out.
    static let timeout: TimeInterval = 5
    private let session: URLSession
    private let store: BuildStore

    init(store: BuildStore) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = Self.timeout
        configuration.timeoutIntervalForResource = Self.timeout
        configuration.httpMaximumConnectionsPerHost = 4
        session = URLSession(configuration: configuration)
        self.store = store
    }

    /// Starts delivering the webhooks of a finished build, and returns at once.
    func deliver(_ work: FinishWork) {
        for job in work.jobs {
            Task.detached { [self] in await self.run(job) }
        }
    }

    private func run(_ job: WebhookJob) async {
        switch job.mode {
        case .lost:
            store.logWebhook(job, attempt: 1, ["delivered": false, "reason": "lost (fault)"])
            return
        case .late:
            try? await Task.sleep(for: .milliseconds(job.lateMs))
        case .deliver, .repeat:
            break
        }
        let attempts = job.mode == .repeat ? job.repeatCount : 1
        for attempt in 1...attempts {
            store.logWebhook(job, attempt: attempt, await post(job))
        }
    }

    /// One POST; the result fields for the log.
    private func post(_ job: WebhookJob) async -> [String: JSONValue] {
        var request = URLRequest(url: job.url, timeoutInterval: Self.timeout)
        request.httpMethod = "POST"
        request.httpBody = Data(job.body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("usetrace-sim", forHTTPHeaderField: "User-Agent")
        if let signature = job.signature { request.setValue(signature, forHTTPHeaderField: "Signature") }
        if let authorization = job.authorization {
            request.setValue(authorization, forHTTPHeaderField: "Authorization")
        }
        do {
            let (_, response) = try await session.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            return ["delivered": .bool((200...299).contains(status)), "httpStatus": .int(Int64(status))]
        } catch {
            // The error's text names only the URL (already in the event) and the failure.
            return ["delivered": false, "error": .string(Self.describe(error))]
        }
    }

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSURLErrorDomain {
            switch nsError.code {
            case NSURLErrorTimedOut: return "timed out after \(Int(timeout)) s"
            case NSURLErrorCannotConnectToHost: return "connection refused"
            case NSURLErrorCannotFindHost: return "host not found"
            default: return "URL error \(nsError.code)"
            }
        }
        return "delivery failed"
    }
}
