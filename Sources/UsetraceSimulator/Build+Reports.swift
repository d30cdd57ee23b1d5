import JSON

/// The results a finished build answers: the report JSON of usetrace-api.md and its JUnit form.
extension Build {
    /// The report name: the environment the build ran against.
    var reportName: String { "Environment: \(baseUrl)" }

    /// The results JSON, in the shape of usetrace-api.md (the body of webhooks too).
    var resultsJSON: JSONValue {
        let failures = cases.filter { $0.outcome == .fail }.count
        let traces = traceIds
        let tracesPassed = traces.filter { id in cases.allSatisfy { $0.traceId != id || $0.outcome == .pass } }.count
        return .object([
            "name": .string(reportName),
            "tests": .int(Int64(cases.count)),
            "traces": .int(Int64(traces.count)),
            "expectedTracesToPass": .int(Int64(traces.count)),
            "tracesPassed": .int(Int64(tracesPassed)),
            "errors": 0,
            "failures": .int(Int64(failures)),
            "skip": 0,
            "bugs": 0,
            "bugsPassing": 0,
            "buildStable": .bool(failures == 0),
            "testCase": .array(
                cases.map { c in
                    .object([
                        "className": "Usetrace.trace",
                        "name": .string("\(c.browser): \(c.traceName)"),
                        "time": .double(Double(c.durationMs) / 1000),
                        "error": c.error.map(JSONValue.string) ?? .null,
                        "browserName": .string(c.browser),
                        "traceName": .string(c.traceName),
                        "taggedBug": false,
                        "taggedFlaky": false,
                    ])
                }),
        ])
    }

    /// The exact bytes of the results JSON, as answered and as signed in webhooks.
    var resultsBytes: [UInt8] { Array(resultsJSON.canonicalText.utf8) }

    /// The results as JUnit XML: one testsuite, one testcase per trace and browser.
    var junitXML: String {
        let failures = cases.filter { $0.outcome == .fail }.count
        let seconds = Self.seconds(cases.map(\.durationMs).reduce(0, +))
        let counts = "tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\""
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"\(Self.escape(reportName))\" \(counts) time=\"\(seconds)\">\n"
        xml += "  <testsuite name=\"\(Self.escape(reportName))\" \(counts) time=\"\(seconds)\">\n"
        for c in cases {
            let open =
                "    <testcase classname=\"Usetrace.trace\" name=\"\(Self.escape("\(c.browser): \(c.traceName)"))\" time=\"\(Self.seconds(c.durationMs))\""
            if let error = c.error {
                xml +=
                    "\(open)>\n      <failure message=\"\(Self.escape(error))\">\(Self.escape(error))</failure>\n    </testcase>\n"
            } else {
                xml += "\(open)/>\n"
            }
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    private static func seconds(_ ms: Int) -> String {
        let whole = ms / 1000
        let rest = ms % 1000
        return rest == 0 ? "\(whole)" : "\(whole)." + String(String(1000 + rest).dropFirst()).replacing(/0+$/, with: "")
    }

    /// Text escaped for XML attribute values and character data.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            default:
                // Control characters are not allowed in XML 1.0 at all.
                if scalar.value < 0x20 && scalar != "\r" { out += "?" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
