import ArgumentParser
import CaucusCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Options of every read command: `--json`.
struct OutputOptions: ParsableArguments {
    @Flag(help: ArgumentHelp("Print JSON instead of a table: one object, or one object per line (NDJSON) for lists. The keys are documented in docs/WORKFLOW.md and stay stable. Example: caucus list --json."))
    var json = false
}

/// Writes data to stdout, line-buffered through ``OutputBuffer``.
enum Out {
    /// Writes one line to stdout.
    static func line(_ text: String = "") {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

/// Terminal styling: only when the stream is a terminal, and never with NO_COLOR set.
enum Style {
    /// Whether stdout gets colour.
    static let stdoutColour: Bool = colourAllowed(fd: 1)
    /// Whether stderr gets colour.
    static let stderrColour: Bool = colourAllowed(fd: 2)

    static func colourAllowed(fd: Int32) -> Bool {
        if Environment.value("NO_COLOR") != nil { return false }
        if Environment.value("TERM") == "dumb" { return false }
        return isatty(fd) == 1
    }

    /// Whether stderr is a terminal (for progress lines).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    static func bold(_ s: String) -> String { stdoutColour ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    static func dim(_ s: String) -> String { stdoutColour ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
    static func red(_ s: String) -> String { stdoutColour ? "\u{1B}[31m\(s)\u{1B}[0m" : s }
    static func yellow(_ s: String) -> String { stdoutColour ? "\u{1B}[33m\(s)\u{1B}[0m" : s }
    static func green(_ s: String) -> String { stdoutColour ? "\u{1B}[32m\(s)\u{1B}[0m" : s }
}

/// A JSON object built by hand so that key order (and so the output) is stable.
struct JSONObject {
    private var parts: [String] = []

    init() {}

    mutating func add(_ key: String, _ value: String?) { parts.append(JSONText.quoted(key) + ":" + (value.map(JSONText.quoted) ?? "null")) }
    mutating func add(_ key: String, _ value: Int64?) { parts.append(JSONText.quoted(key) + ":" + (value.map { String($0) } ?? "null")) }
    mutating func add(_ key: String, _ value: Int) { parts.append(JSONText.quoted(key) + ":" + String(value)) }
    mutating func add(_ key: String, _ value: Bool) { parts.append(JSONText.quoted(key) + ":" + (value ? "true" : "false")) }
    mutating func add(_ key: String, value: FactValue?) { parts.append(JSONText.quoted(key) + ":" + (value?.json ?? "null")) }
    /// Adds pre-encoded JSON.
    mutating func add(_ key: String, raw: String) { parts.append(JSONText.quoted(key) + ":" + raw) }

    var text: String { "{" + parts.joined(separator: ",") + "}" }

    static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }
}

extension FactDetail {
    /// `{"value":…,"source":…,"as_of":…,"editor":…,"replica":…,"time":…}`
    var json: String {
        var o = JSONObject()
        o.add("value", value: value)
        o.add("source", source)
        o.add("as_of", asOf)
        o.add("editor", editor)
        o.add("replica", replica.rawValue)
        o.add("time", Time.iso(time))
        return o.text
    }
}

/// Times as editors read them, in UTC.
///
/// Computed with integer arithmetic on the proleptic Gregorian calendar (the days-from-civil
/// algorithm of Howard Hinnant's date library) rather than with `ISO8601DateFormatter`, which
/// builds an ICU formatter per call: several milliseconds of a `show`.
enum Time {
    /// `2026-11-29T04:49:19Z`.
    static func iso(_ t: Int64) -> String {
        let (date, hour, minute, second) = parts(t)
        return "\(date)T\(twoDigits(hour)):\(twoDigits(minute)):\(twoDigits(second))Z"
    }

    /// `2026-11-29 04:49` (UTC), for tables.
    static func short(_ t: Int64) -> String {
        let (date, hour, minute, _) = parts(t)
        return "\(date) \(twoDigits(hour)):\(twoDigits(minute))"
    }

    /// The date as `YYYY-MM-DD`, and the time of day, of `t` seconds since 1970.
    private static func parts(_ t: Int64) -> (date: String, hour: Int64, minute: Int64, second: Int64) {
        let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        let secondOfDay = t - days * 86_400
        // Days since 0000-03-01, split into 400-year eras of 146,097 days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let yearText = year >= 0 && year < 10_000 ? String(String(year + 10_000).dropFirst()) : String(year)
        return ("\(yearText)-\(twoDigits(month))-\(twoDigits(day))", secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
    }

    private static func twoDigits(_ n: Int64) -> String { n < 10 ? "0\(n)" : String(n) }
}

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
    // `replacingOccurrences`, which bridge through NSString: a sixth of a `show`'s instructions.
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
        // test each (7% of a `caucus show`'s instructions, callgrind). In ASCII only "\r\n"
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
    /// that array's first use cost more than the rest of a `caucus show`'s table, callgrind.)
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

/// Reusable "did you mean" lookups for commands that name a party.
extension PartyStore {
    /// The party's id if the store has it; otherwise a failure with suggestions.
    func requireParty(_ id: String) throws -> String {
        if try record(id) != nil { return id }
        if !PartySchema.isValidPartyID(id) && (try? record(id.lowercased())) != nil {
            throw CommandFailure(description: "no party \(JSONText.quoted(id)); did you mean \(JSONText.quoted(id.lowercased()))? (party ids are lower case)", exitCode: ExitCodes.notFound)
        }
        let suggestions = try partySuggestions(for: id)
        if suggestions.isEmpty, let hits = try? search(id, limit: 3), !hits.isEmpty {
            // A name typed where an id belongs: name the parties it matches.
            let named = hits.map { "\($0.id) (\($0.name ?? $0.nameEnglish ?? "no name"))" }.joined(separator: ", ")
            throw CommandFailure(description: "no party \(JSONText.quoted(id)); parties matching it: \(named)", exitCode: ExitCodes.notFound)
        }
        throw CommandFailure(description: StoreError.unknownParty(id, suggestions: suggestions).description
                             + (suggestions.isEmpty ? Self.listHint : ""), exitCode: ExitCodes.notFound)
    }

    static let listHint = "; find it with `caucus search TEXT` or `caucus list`"

    /// The field's definition, or a failure with suggestions.
    func requireField(_ name: String) throws -> FieldDefinition {
        if let def = schema.field(name) { return def }
        let suggestions = schema.suggestions(for: name)
        throw CommandFailure(description: StoreError.unknownField(name, suggestions: suggestions).description
                             + (suggestions.isEmpty ? "; `caucus set --help` lists the fields" : ""), exitCode: ExitCodes.notFound)
    }
}

/// The fields of the schema as a help paragraph.
enum FieldHelp {
    static var list: String {
        PartySchema.standard.fields.map { "\($0.name)\($0.isSet ? " (set)" : "")" }.joined(separator: ", ")
    }
}

extension ValueError: CaucusReportable { var exitCode: Int32 { ExitCodes.badInput } }

/// Edit distance, for "did you mean" hints on CSV columns.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var prev = Array(0...b.count), cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count { cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)) }
        swap(&prev, &cur)
    }
    return prev[b.count]
}

/// "1 operation", "2 operations".
func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
