import CMicroHTTPDShims

/// libmicrohttpd's own log, given to the observer one message at a time.
///
/// MHD 0.9.75's messages about requests name what went wrong and the status with its fixed HTML
/// page (e.g. "Error processing request (HTTP response code is 400 ('<html>…')). Closing
/// connection."); the few that name the request's path have it withheld (`LibraryMessage`).
/// The shim formats each message into at most 1 KiB.
extension Daemon {
    /// The message sink's callback; `cls` is the unretained `ServerContext`.
    static let messageCallback: orch_mhd_message_callback = { cls, message in
        guard let cls, let message else { return }
        let context = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
        context.observer.notice(.library(LibraryMessage.redacted(String(cString: message))))
    }
}
