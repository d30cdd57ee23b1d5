/// `orch COMMAND --help`: usage text rendered from the command's declaration.
extension CommandSpec {
    /// Lines of the usage synopsis are kept within this many columns where words allow.
    static let lineWidth = 80
    /// Help texts of options and arguments start in this column (0-based) of their line.
    static let helpColumn = 26

    /// `Usage: orch validate [--format text|json|github] [--strict] PATH...`, wrapped at 80 columns.
    public var usageText: String {
        let lead = "Usage: \(Self.programName)" + (name.isEmpty ? "" : " " + name)
        let words = options.map(Self.synopsis) + positionals.map(\.usage)
        var lines = [lead]
        let indent = String(repeating: " ", count: lead.count + 1)
        for word in words {
            let last = lines[lines.count - 1]
            if last.count + 1 + word.count > Self.lineWidth, last != lead {
                lines.append(indent + word)
            } else {
                lines[lines.count - 1] = last + " " + word
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The whole `--help` text: usage, summary, discussion, arguments, options (with variables and defaults).
    public var helpText: String {
        var sections = [usageText, summary]
        if !discussion.isEmpty { sections.append(discussion) }
        if !positionals.isEmpty {
            sections.append(
                (["Arguments:"] + positionals.map { Self.entry(label: $0.usage, help: $0.help) })
                    .joined(separator: "\n"))
        }
        let optionLines = options.map(Self.helpEntry) + [Self.entry(label: "-h, --help", help: "Show this help.")]
        sections.append((["Options:"] + optionLines).joined(separator: "\n"))
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// `[--db PATH]`, `[--strict]`, `[--header TEXT]...`.
    static func synopsis(_ option: OptionSpec) -> String {
        let word = option.takesValue ? "--\(option.name) \(option.valueName)" : "--\(option.name)"
        return "[\(word)]" + (option.isRepeatable ? "..." : "")
    }

    /// An option's help line, with `(default: …)` and `[env: …]` added when it has them.
    static func helpEntry(_ option: OptionSpec) -> String {
        var help = option.help
        if let value = option.defaultValue { help += " (default: \(value))" }
        if !option.environment.isEmpty { help += " [env: \(option.environment.joined(separator: ", "))]" }
        if option.isRepeatable { help += " May be repeated." }
        let label = option.takesValue ? "--\(option.name) \(option.valueName)" : "--\(option.name)"
        return entry(label: label, help: help)
    }

    /// `  LABEL    help`, the help on the next line when the label is too long for its column.
    static func entry(label: String, help: String) -> String {
        let start = "  " + label
        if start.count + 2 <= helpColumn {
            return start + String(repeating: " ", count: helpColumn - start.count) + help
        }
        return start + "\n" + String(repeating: " ", count: helpColumn) + help
    }
}
