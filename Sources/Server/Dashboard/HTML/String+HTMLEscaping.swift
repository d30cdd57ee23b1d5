import Foundation

extension String {
    /// The string with `&`, `<`, `>`, `"` and `'` replaced by character references: safe as HTML text and
    /// inside a quoted attribute value (every attribute the dashboard writes is quoted with `"`).
    var htmlEscaped: String {
        var escaped = ""
        escaped.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            // C0 controls other than tab and newlines are not allowed in HTML text; they could only come
            // from a broken error message, so they are shown as the replacement character.
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}", "\u{7F}": escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// The string percent-encoded so that it is one path segment or one query value of a URL.
    var urlComponentEscaped: String {
        addingPercentEncoding(withAllowedCharacters: .urlUnreserved) ?? ""
    }

    /// The string cut to at most `limit` characters, with `…` at the end when it was cut.
    func truncated(to limit: Int) -> String {
        count <= limit ? self : String(prefix(Swift.max(limit - 1, 0))) + "…"
    }

    /// The string cut to an estimated `width` (with "…" at the end when cut), in widths of an
    /// average lowercase letter of a proportional font: a trace id of capitals is wider than its count.
    func truncated(toWidth width: Double) -> String {
        guard estimatedWidth > width else { return self }
        var kept = ""
        var used = Character("…").estimatedWidth
        for character in self {
            used += character.estimatedWidth
            if used > width { break }
            kept.append(character)
        }
        return kept + "…"
    }

    /// The estimated width of the string, in widths of an average lowercase letter.
    var estimatedWidth: Double { reduce(0) { $0 + $1.estimatedWidth } }
}

extension CharacterSet {
    /// RFC 3986's unreserved characters: the only ones a URL component never needs to encode.
    static let urlUnreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}

extension Character {
    /// About how wide the character is in a proportional sans-serif font, against an average
    /// lowercase letter: capitals and m, w wider; i, j, l, t, f, r and punctuation narrower.
    var estimatedWidth: Double {
        if "mwMW".contains(self) { return 1.45 }
        if isUppercase { return 1.25 }
        if "ijlftr.:,;'|!-_ ".contains(self) { return 0.6 }
        return 1
    }
}
