import Foundation
import JSON
import PlanCompiler

/// Renders diagnostics in `orch validate`'s three formats.
enum DiagnosticOutput {
    /// `path:line:col: error: message`; with `excerpt`, the source line and a caret under the column follow.
    static func text(_ diagnostic: Diagnostic, excerpt: [String]?) -> String {
        var out = diagnostic.rendered + "\n"
        if let lines = excerpt, diagnostic.location.line >= 1, diagnostic.location.line <= lines.count {
            let line = lines[diagnostic.location.line - 1]
            let shown = String(line.prefix(200)).replacingOccurrences(of: "\t", with: " ")
            out += "    " + shown + "\n"
            let caret = max(0, min(diagnostic.location.column - 1, shown.count))
            out += "    " + String(repeating: " ", count: caret) + "^\n"
        }
        return out
    }

    /// One `{"file", "line", "column", "message"}` object.
    static func json(_ diagnostic: Diagnostic) -> JSONValue {
        [
            "file": .string(diagnostic.location.file),
            "line": .int(Int64(diagnostic.location.line)),
            "column": .int(Int64(diagnostic.location.column)),
            "message": .string(diagnostic.message),
        ]
    }

    /// A GitHub Actions workflow command: `::error file=…,line=…,col=…::message`.
    static func github(_ diagnostic: Diagnostic) -> String {
        let command = diagnostic.severity == .error ? "error" : "warning"
        let file = escapeProperty(diagnostic.location.file)
        return "::\(command) file=\(file),line=\(diagnostic.location.line),col=\(diagnostic.location.column)::"
            + escapeData(diagnostic.message) + "\n"
    }

    /// GitHub's escaping of a command's message.
    static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// GitHub's escaping of a command's property values.
    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
