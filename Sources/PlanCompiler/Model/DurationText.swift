/// The one reader of written durations (`500ms`, `5s`, `2m`, `1h`, `1h30m`), shared by plans and the CLI.
///
/// The language is the JSON Schema's: one or more `DIGITS UNIT` parts, units `ms`, `s`, `m`, `h`,
/// in any order, summed; or bare digits, meaning seconds. Nothing else: no sign, no spaces, no
/// fractions, no other units.
public enum DurationText {
    /// The duration `text` writes, in milliseconds; nil when it is not a duration or does not fit an `Int64`.
    public static func milliseconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        if bytes.allSatisfy(isDigit) {
            guard let seconds = number(bytes[...]) else { return nil }
            return product(seconds, 1000)
        }
        var total: Int64 = 0
        var index = 0
        while index < bytes.count {
            let digitsStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > digitsStart, let count = number(bytes[digitsStart..<index]) else { return nil }
            let unitStart = index
            while index < bytes.count, !isDigit(bytes[index]) { index += 1 }
            guard let scale = unitMilliseconds(bytes[unitStart..<index]),
                let part = product(count, scale)
            else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(part)
            guard !overflow else { return nil }
            total = sum
        }
        return total
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// The value of ASCII digits, or nil when it overflows.
    private static func number(_ digits: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        for digit in digits {
            guard let shifted = product(value, 10) else { return nil }
            let (sum, overflow) = shifted.addingReportingOverflow(Int64(digit - UInt8(ascii: "0")))
            guard !overflow else { return nil }
            value = sum
        }
        return value
    }

    private static func product(_ a: Int64, _ b: Int64) -> Int64? {
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : result
    }

    private static func unitMilliseconds(_ unit: ArraySlice<UInt8>) -> Int64? {
        switch String(decoding: unit, as: UTF8.self) {
        case "ms": 1
        case "s": 1000
        case "m": 60_000
        case "h": 3_600_000
        default: nil
        }
    }
}
