import Foundation

/// Where a server started with port 0 listens, read off the first line it writes to stdout
/// ("… listening on http://127.0.0.1:PORT").
enum ListeningURL {
    /// The first line `handle` gives (read on a dispatch thread, never the test's), and the
    /// `http://…` URL in it; `url` is `nil` when the line holds none (the process died first).
    static func read(from handle: FileHandle) async -> (url: String?, line: String) {
        let data = await withCheckedContinuation { (continuation: CheckedContinuation<Data, Never>) in
            DispatchQueue.global().async {
                var line = Data()
                while !line.contains(UInt8(ascii: "\n")) {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    line.append(chunk)
                }
                continuation.resume(returning: line)
            }
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let range = text.range(of: "http://"), let lineEnd = text[range.lowerBound...].firstIndex(of: "\n")
        else { return (nil, text) }
        return (String(text[range.lowerBound..<lineEnd]), text)
    }
}
