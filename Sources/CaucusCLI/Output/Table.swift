/// A plain text table: columns padded to the widest cell (by characters), the last column unpadded.
struct Table {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) { self.header = header }

    mutating func add(_ row: [String]) { rows.append(row) }

    /// The widest cell a table shows in full.
    static let maxWidth = 60

    /// Whether a cell is shown shortened (too long, or more than one line).
    static func isClipped(_ s: String) -> Bool { s.count > maxWidth || s.utf8.contains(0x0A) }

    // The cells are searched byte by byte, not with Foundation's `contains` and
    // `replacingOccurrences`, which bridge through NSString, slow next to the rest of a `show`.
    func render(maxWidth: Int = Table.maxWidth) -> [String] {
        func clip(_ s: String) -> String {
            let one = s.utf8.contains(0x0A) ? Self.markingLineBreaks(s) : s
            return one.count > maxWidth ? String(one.prefix(maxWidth - 1)) + "…" : one
        }
        let clipped = rows.map { $0.map { $0.utf8.contains(0x1B) ? $0 : clip($0) } }
        // (clip counts characters; a clipped wide-character cell is at most twice as wide, and still lines up.)
        var widths = header.map(\.count)
        for row in clipped { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], Self.visibleWidth(c)) } }
        func line(_ cells: [String]) -> String {
            var bytes: [UInt8] = []   // built as UTF-8: a String appended a space at a time cost more than the query
            for (i, c) in cells.enumerated() {
                if i > 0 { bytes.append(contentsOf: [0x20, 0x20]) }
                bytes.append(contentsOf: c.utf8)
                if i < cells.count - 1 { bytes.append(contentsOf: repeatElement(0x20, count: max(0, widths[i] - Self.visibleWidth(c)))) }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return [Style.bold(line(header))] + clipped.map(line)
    }

    /// `s` with every line feed written as ` ↵ `.
    private static func markingLineBreaks(_ s: String) -> String {
        var one = ""
        for scalar in s.unicodeScalars {
            if scalar == "\n" { one += " ↵ " } else { one.unicodeScalars.append(scalar) }
        }
        return one
    }

    /// Writes the table to stdout in one write.
    func print() {
        let out = OutputBuffer()
        print(to: out)
        out.flush()
    }

    /// Adds the table's lines to `out`.
    func print(to out: OutputBuffer) { for l in render() { out.line(l) } }

    /// The columns a terminal gives `s`: colour codes (`ESC [ … m`) take none, East Asian wide
    /// characters (CJK, Hangul, full-width forms) and emoji take two, anything else one per character.
    static func visibleWidth(_ s: String) -> Int {
        // ASCII, the common case, byte by byte: walking Characters costs a grapheme break
        // test each. In ASCII only "\r\n"
        // is one character of two bytes.
        var width = 0
        var inEscape = false
        var previous: UInt8 = 0
        for b in s.utf8 {
            guard b < 0x80 else { return characterWidth(s) }
            defer { previous = b }
            if inEscape { if b == UInt8(ascii: "m") { inEscape = false }; continue }
            if b == 0x1B { inEscape = true; continue }
            if b == 0x0A && previous == 0x0D { continue }
            width += 1
        }
        return width
    }

    /// ``visibleWidth(_:)`` of text that is not all ASCII, a Character at a time.
    private static func characterWidth(_ s: String) -> Int {
        var width = 0
        var inEscape = false
        for c in s {
            if inEscape { if c == "m" { inEscape = false }; continue }
            if c == "\u{1B}" { inEscape = true; continue }
            width += isWide(c) ? 2 : 1
        }
        return width
    }

    /// Whether a terminal gives `c` two columns. (A `switch`, not a static array of ranges:
    /// the array is built at its first use, which costs more than the table it serves.)
    static func isWide(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value, v >= 0x1100 else { return false }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
             0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
