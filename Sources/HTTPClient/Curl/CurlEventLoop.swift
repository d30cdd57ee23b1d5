import CCurl
import CCurlShims
import Foundation
import Synchronization

/// A request handed to the I/O thread, with the caller waiting for it.
struct CurlSubmission: Sendable {
    let id: UInt64
    let request: HTTPRequest
    let continuation: CheckedContinuation<HTTPResponse, any Error>
}

/// The I/O thread that runs every transfer of one `HTTPClient` through one multi handle.
///
/// Callers hand requests and cancellations over through `shared` (a `Mutex`) and wake the thread
/// through the multi handle's eventfd; the thread waits on epoll for the sockets libcurl names
/// (`CurlSocketWatcher`), owns every easy handle and resumes each caller's
/// continuation once, on completion, cancellation or shutdown.
final class CurlEventLoop: Sendable {
    /// What callers and the I/O thread share; only touched under the lock.
    private struct Shared {
        var submissions: [CurlSubmission] = []
        var cancellations: [UInt64] = []
        var isShutDown = false
        /// The multi handle while the I/O thread runs it; nil afterwards, so no wake-up can reach a freed handle.
        var multi: CurlMultiHandle?
    }

    private let shared: Mutex<Shared>
    /// Why the loop could not start, if it could not; every request then fails with it.
    private let startupError: HTTPClientError?

    /// How long one wait lasts at most; sockets, libcurl's own timer and wake-ups cut it short.
    private static let waitMilliseconds: Int32 = 1000

    /// Initialises libcurl (once per process), makes the multi handle and starts the I/O thread.
    init() {
        let globalCode = orch_curl_global_init_once()
        guard globalCode == CURLE_OK else {
            shared = Mutex(Shared(isShutDown: true))
            startupError = HTTPClientError(
                kind: .transport, curlCode: Int(globalCode.rawValue), message: "libcurl could not be initialised")
            return
        }
        guard let multi = CurlMultiHandle() else {
            shared = Mutex(Shared(isShutDown: true))
            startupError = HTTPClientError(kind: .transport, message: "libcurl could not make a multi handle")
            return
        }
        shared = Mutex(Shared(multi: multi))
        startupError = nil
        // The thread keeps `self` and `multi` alive until it ends, which `shutdown()` causes.
        let thread = Thread { [self] in
            // Named from inside: on Linux only the thread itself can set its system-visible name.
            Thread.current.name = "orch-http"
            self.run(multi)
        }
        thread.start()
    }

    /// Queues a request for the I/O thread; resumes it with an error at once if the loop is shut down.
    func submit(_ submission: CurlSubmission) {
        let accepted = shared.withLock { state -> Bool in
            guard !state.isShutDown else { return false }
            state.submissions.append(submission)
            state.multi?.wakeUp()
            return true
        }
        if !accepted {
            submission.continuation.resume(throwing: startupError ?? Self.shutdownError(submission.request))
        }
    }

    /// Asks the I/O thread to abandon the request with this id (ignored if it has already finished).
    func cancel(id: UInt64) {
        shared.withLock { state in
            state.cancellations.append(id)
            state.multi?.wakeUp()
        }
    }

    /// Stops the I/O thread; every request not yet finished fails with a `.shutdown` error. Does not wait.
    func shutdown() {
        shared.withLock { state in
            state.isShutDown = true
            state.multi?.wakeUp()
        }
    }

    /// The I/O thread's body: everything below runs on that thread only.
    private func run(_ multi: CurlMultiHandle) {
        var active: [UnsafeMutableRawPointer: CurlEasyHandle] = [:]
        var byID: [UInt64: UnsafeMutableRawPointer] = [:]

        while true {
            let (submissions, cancellations, stop) = shared.withLock { state in
                defer {
                    state.submissions = []
                    state.cancellations = []
                    if state.isShutDown { state.multi = nil }
                }
                return (state.submissions, state.cancellations, state.isShutDown)
            }
            if stop {
                for easy in active.values {
                    multi.remove(easy)
                    easy.fail(Self.shutdownError(nil))
                }
                for submission in submissions {
                    submission.continuation.resume(throwing: Self.shutdownError(submission.request))
                }
                return
            }
            // Submissions before cancellations: a cancellation always follows its own submission.
            for submission in submissions {
                if let easy = start(submission, on: multi) {
                    active[easy.raw] = easy
                    byID[easy.requestID] = easy.raw
                }
            }
            for id in cancellations {
                guard let raw = byID.removeValue(forKey: id), let easy = active.removeValue(forKey: raw) else {
                    continue  // already finished
                }
                multi.remove(easy)
                easy.fail(CancellationError())
            }
            multi.actOnTimer()
            finish(&active, &byID, on: multi)
            multi.waitAndAct(maxMilliseconds: Self.waitMilliseconds)
            finish(&active, &byID, on: multi)
        }
    }

    /// Resumes the caller of every transfer libcurl has finished, and forgets the transfer.
    private func finish(
        _ active: inout [UnsafeMutableRawPointer: CurlEasyHandle], _ byID: inout [UInt64: UnsafeMutableRawPointer],
        on multi: CurlMultiHandle
    ) {
        while let (raw, code) = multi.nextFinished() {
            guard let easy = active.removeValue(forKey: raw) else { continue }
            byID.removeValue(forKey: easy.requestID)
            multi.remove(easy)
            easy.complete(with: code)
        }
    }

    /// Makes and adds the easy handle for a submission, or fails the caller and returns nil.
    private func start(_ submission: CurlSubmission, on multi: CurlMultiHandle) -> CurlEasyHandle? {
        guard
            let easy = CurlEasyHandle(
                requestID: submission.id, request: submission.request, continuation: submission.continuation)
        else {
            submission.continuation.resume(
                throwing: HTTPClientError(
                    kind: .transport, message: "\(submission.request): libcurl could not make a handle"))
            return nil
        }
        do {
            try easy.configure(for: submission.request)
        } catch {
            easy.fail(error)
            return nil
        }
        if let refusal = multi.add(easy) {
            easy.fail(HTTPClientError(kind: .transport, message: "\(submission.request): \(refusal)"))
            return nil
        }
        return easy
    }

    private static func shutdownError(_ request: HTTPRequest?) -> HTTPClientError {
        let what = request.map { "\($0): " } ?? ""
        return HTTPClientError(kind: .shutdown, message: "\(what)the HTTP client was shut down")
    }
}
