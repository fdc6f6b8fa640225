/// Canonical JSON text for the few shapes Caucus writes by hand (dump lines,
/// version vectors): the same input always gives the same bytes.
public enum JSONText {
    /// `s` as a JSON string literal; non-ASCII characters are written as they are (UTF-8).
    public static func quoted(_ s: String) -> String {
        // Byte by byte: in UTF-8 every byte that needs escaping is ASCII, and most texts have none.
        guard s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return "\"" + s + "\"" }
        var out: [UInt8] = [0x22]
        out.reserveCapacity(s.utf8.count + 8)
        for byte in s.utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }

    /// `d` as a JSON number: the shortest text that reads back as the same double,
    /// always with a decimal point or exponent (`12.0`, `8.3`).
    public static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        return "\(d)"
    }
}
