import CaucusCore

/// A mapping file: `COLUMN = TARGET` lines, one per CSV column, in the file's column order
/// (`#` starts a comment). `import-csv` reads a file's columns through it, and `export-csv`
/// writes the columns it names in the order it gives, so one file serves both directions.
///
/// A target is a field name, `-` (the column is not kept: `import-csv` ignores it, and does
/// not need the file to have it; `export-csv` does not write it), or `id`, for the column that
/// holds each party's id. `id:pf-{}` says the id is `pf-` and the cell, lower-cased: the import
/// makes `pf-6641` from `6641`, and the export writes `6641` back.
///
/// ```
/// country       = country
/// partyfacts_id = id:pf-{}
/// name_short    = abbreviation
/// comment       = -
/// ```
struct CSVMapping {
    /// What a column holds.
    enum Target: Equatable {
        /// The values of this field.
        case field(String)
        /// Nothing Caucus keeps.
        case ignored
        /// The party id, with the text before and after the cell.
        case id(prefix: String, suffix: String)
    }

    /// The lines, in order.
    var entries: [(column: String, target: Target)] = []

    /// The column that holds the id, and how; nil when no line names one.
    var id: (column: String, prefix: String, suffix: String)? {
        for e in entries { if case .id(let p, let s) = e.target { return (e.column, p, s) } }
        return nil
    }

    /// The mapping of `lines`, each `COLUMN=TARGET`, named `what` (and its line number) in errors.
    ///
    /// - Throws: a ``CommandFailure`` for a line without `=`, an id template without exactly one
    ///   `{}`, or two id lines.
    init(lines: [(text: String, what: String)]) throws {
        for (text, what) in lines {
            let (column, target) = try Self.pair(text, what: what)
            if target == "-" {
                entries.append((column, .ignored))
            } else if target == "id" || target.hasPrefix("id:") {
                let template = target == "id" ? "{}" : String(target.dropFirst(3))
                let parts = template.components(separatedBy: "{}")
                guard parts.count == 2, !parts.joined().contains("{"), !parts.joined().contains("}") else {
                    throw CommandFailure(description: "\(what): an id template has one {} for the cell, e.g. id:pf-{}, got \(JSONText.quoted(target))",
                                         exitCode: ExitCodes.badInput)
                }
                guard id == nil else { throw CommandFailure(description: "\(what): a second id column (\(column))", exitCode: ExitCodes.badInput) }
                entries.append((column, .id(prefix: parts[0], suffix: parts[1])))
            } else {
                entries.append((column, .field(target)))
            }
        }
    }

    /// The mapping in the file at `path`.
    static func read(_ path: String) throws -> CSVMapping {
        let text = String(decoding: try LineFile.read(path), as: UTF8.self)
        var lines: [(text: String, what: String)] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if !line.isEmpty { lines.append((line, "\(path):\(n + 1)")) }
        }
        return try CSVMapping(lines: lines)
    }

    /// Parses `COLUMN=VALUE` text, both sides trimmed.
    static func pair(_ text: String, what: String) throws -> (String, String) {
        guard let eq = text.firstIndex(of: "=") else {
            throw CommandFailure(description: "\(what): expected COLUMN=FIELD, got \(JSONText.quoted(text))", exitCode: ExitCodes.badInput)
        }
        return (text[..<eq].trimmingCharacters(in: .whitespaces), text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces))
    }
}
