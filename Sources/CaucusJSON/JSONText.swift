/// Canonical JSON text for the few shapes Caucus writes by hand (dump lines,
/// version vectors): the same input always gives the same bytes.
public enum JSONText {
    /// `s` as a JSON string literal; non-ASCII characters are written as they are (UTF-8).
    public static func quoted(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return out
    }

    /// `d` as a JSON number: the shortest text that reads back as the same double,
    /// always with a decimal point or exponent (`12.0`, `8.3`).
    public static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        return "\(d)"
    }
}
