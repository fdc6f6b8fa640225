import ArgumentParser
import CaucusCore
import Foundation

extension Caucus {
    /// `caucus import-csv`: loads party records from a CSV file.
    struct ImportCSV: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-csv",
            abstract: "Load party records from a CSV file, mapping columns to fields and checking every value.",
            discussion: """
                The first line names the columns. A column named like a field (name, country, ...) is mapped to it; \
                map others with --map COLUMN=FIELD or a mapping file of COLUMN=FIELD lines (FIELD - ignores a column). \
                Each row's id comes from --id-column or --id-template (e.g. pf-{partyfacts_id}). Empty cells are \
                skipped, and values a record already has are not written again, so importing the same file twice \
                changes nothing. Any bad row is reported with its row number (the header is row 1, as in a \
                spreadsheet) and its line in the file, and nothing is imported unless --keep-going is given.

                Example (Party Facts, skipping its technical rows):
                  caucus import-csv partyfacts-core-parties.csv --id-template 'pf-{partyfacts_id}' --skip-if technical \\
                    --map name_short=abbreviation --map year_first=founded --map year_last=dissolved \\
                    --map share=vote_share --map share_year=vote_share_year --source "Party Facts"
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The CSV file (UTF-8, RFC 4180), e.g. parties.csv.", valueName: "file"))
        var file: String

        @Option(help: ArgumentHelp("Map a column to a field, e.g. --map year_first=founded; FIELD - ignores the column. Repeatable.", valueName: "column=field"))
        var map: [String] = []

        @Option(help: ArgumentHelp("A file of COLUMN=FIELD lines (# starts a comment), e.g. --mapping partyfacts.mapping.", valueName: "file"))
        var mapping: String?

        @Option(name: .customLong("id-column"), help: ArgumentHelp("The column holding each party's id, e.g. --id-column id (the default when there is an id column).", valueName: "column"))
        var idColumn: String?

        @Option(name: .customLong("id-template"), help: ArgumentHelp("Build each id from columns: {COLUMN} is replaced by the cell, and the result lower-cased, e.g. --id-template 'pf-{partyfacts_id}'.", valueName: "template"))
        var idTemplate: String?

        @Option(name: .customLong("skip-if"), help: ArgumentHelp("Skip rows where this column is not empty, e.g. --skip-if technical. Repeatable.", valueName: "column"))
        var skipIf: [String] = []

        @Option(name: .customLong("skip-where"), help: ArgumentHelp("Skip rows where a column has a value, e.g. --skip-where country=XXX. Repeatable.", valueName: "column=value"))
        var skipWhere: [String] = []

        @OptionGroup var provenance: ProvenanceOptions<Help>

        @Flag(name: .customLong("keep-going"), help: ArgumentHelp("Import the good rows even when some are bad (the bad ones are still reported). Example: --keep-going."))
        var keepGoing = false

        @Flag(name: .customLong("dry-run"), help: ArgumentHelp("Check every row and report, but change nothing. Example: --dry-run."))
        var dryRun = false

        func validate() throws {
            if idColumn != nil && idTemplate != nil { throw ValidationError("give --id-column or --id-template, not both") }
            if let asOf = provenance.asOf, !Edit.isValidAsOf(asOf) { throw ValidationError("--as-of must be YYYY, YYYY-MM or YYYY-MM-DD, got \"\(asOf)\"") }
        }

        /// A problem with one row.
        struct RowError: CustomStringConvertible {
            var row: Int, line: Int, message: String
            var description: String { "row \(row) (line \(line)): \(message)" }
        }

        /// Parses COLUMN=FIELD text.
        static func pair(_ text: String, what: String) throws -> (String, String) {
            guard let eq = text.firstIndex(of: "=") else {
                throw CommandFailure(description: "\(what): expected COLUMN=FIELD, got \(JSONText.quoted(text))", exitCode: ExitCodes.badInput)
            }
            return (text[..<eq].trimmingCharacters(in: .whitespaces), text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces))
        }

        private final class DryRun: Error {}

        func execute() throws {
            let store = try global.openStore()
            let schema = store.schema
            let csv = try CSVReader(path: file)
            let header: [String]
            do {
                guard let first = try csv.next() else { throw CommandFailure(description: "\(file): the file is empty", exitCode: ExitCodes.badInput) }
                header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            } catch let p as CSVReader.Problem { throw CommandFailure(description: "\(file): \(p)", exitCode: ExitCodes.badInput) }
            let columnIndex = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            func requireColumn(_ c: String, _ option: String) throws -> Int {
                guard let i = columnIndex[c] else {
                    let near = header.filter { editDistance($0.lowercased(), c.lowercased()) <= 2 }
                    throw CommandFailure(description: "\(option): \(file) has no column \(JSONText.quoted(c))"
                                         + (near.isEmpty ? "; its columns are " + header.joined(separator: ", ") : "; did you mean \(JSONText.quoted(near[0]))?"),
                                         exitCode: ExitCodes.notFound)
                }
                return i
            }

            // Column → field.
            var explicit: [(String, String)] = []
            if let mapping {
                let text = String(decoding: try LineFile.read(mapping), as: UTF8.self)
                for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                    if line.isEmpty { continue }
                    explicit.append(try Self.pair(line, what: "\(mapping):\(n + 1)"))
                }
            }
            for m in map { explicit.append(try Self.pair(m, what: "--map")) }
            var fieldOf: [Int: FieldDefinition] = [:]
            var ignored: Set<Int> = []
            for (column, field) in explicit {
                let i = try requireColumn(column, "--map \(column)=\(field)")
                if field == "-" { ignored.insert(i); fieldOf[i] = nil; continue }
                let def = try store.requireField(field)
                if let other = fieldOf.first(where: { $0.key != i && $0.value.name == def.name && !def.isSet }) {
                    throw CommandFailure(description: "columns \(header[other.key]) and \(column) both map to \(def.name); map one of them to - to ignore it", exitCode: ExitCodes.badInput)
                }
                fieldOf[i] = def
            }
            for (i, c) in header.enumerated() where fieldOf[i] == nil && !ignored.contains(i) {
                if let def = schema.field(c), !fieldOf.values.contains(where: { $0.name == def.name }) { fieldOf[i] = def }
            }
            let idIndex: Int?
            var templateParts: [(literal: String, column: Int?)] = []
            if let idTemplate {
                idIndex = nil
                var rest = Substring(idTemplate)
                while let open = rest.firstIndex(of: "{") {
                    guard let close = rest[open...].firstIndex(of: "}") else {
                        throw CommandFailure(description: "--id-template: a { has no closing }", exitCode: ExitCodes.badInput)
                    }
                    templateParts.append((String(rest[..<open]), nil))
                    templateParts.append(("", try requireColumn(String(rest[rest.index(after: open)..<close]), "--id-template")))
                    rest = rest[rest.index(after: close)...]
                }
                templateParts.append((String(rest), nil))
            } else if let idColumn {
                idIndex = try requireColumn(idColumn, "--id-column")
            } else if let i = columnIndex["id"] {
                idIndex = i
            } else {
                throw CommandFailure(description: "\(file) has no id column; give --id-column COLUMN or --id-template, e.g. --id-template 'pf-{\(header.first ?? "column")}'",
                                     exitCode: ExitCodes.badInput)
            }
            if let idIndex { fieldOf[idIndex] = nil }
            let skipIndexes = try skipIf.map { try requireColumn($0, "--skip-if") }
            let skipPairs = try skipWhere.map { text -> (Int, String) in
                let (c, v) = try Self.pair(text, what: "--skip-where")
                return (try requireColumn(c, "--skip-where"), v)
            }
            if fieldOf.isEmpty {
                throw CommandFailure(description: "no column maps to a field; map some with --map COLUMN=FIELD (columns: \(header.joined(separator: ", ")))", exitCode: ExitCodes.badInput)
            }
            let mapped = fieldOf.sorted { $0.key < $1.key }
            Console.message("Mapping: " + mapped.map { header[$0.key] == $0.value.name ? $0.value.name : "\(header[$0.key])→\($0.value.name)" }.joined(separator: ", "))
            let used = Set(templateParts.compactMap(\.column) + skipIndexes + skipPairs.map(\.0) + [idIndex].compactMap { $0 })
            let unmapped = header.indices.filter { fieldOf[$0] == nil && !used.contains($0) }
            if !unmapped.isEmpty { Console.message("Ignored columns: " + unmapped.map { header[$0] }.joined(separator: ", ")) }

            // Current state, so that unchanged values are not written again.
            var existing: [String: RecordState] = [:]
            try store.records { existing[$0.id] = $0 }

            let progress = Style.stderrIsTerminal
            var errors: [RowError] = []
            var rowsRead = 0, skipped = 0, imported = 0, created = 0, unchanged = 0
            var seen: [String: Int] = [:]
            let started = Date()
            var summary: WriteSummary?
            do {
                summary = try store.applyEdits(time: now()) { writer in
                    while true {
                        let record: CSVReader.Record
                        do {
                            guard let r = try csv.next() else { break }
                            record = r
                        } catch let p as CSVReader.Problem {
                            throw CommandFailure(description: "\(file): \(p); nothing was imported", exitCode: ExitCodes.badInput)
                        }
                        rowsRead += 1
                        let row = rowsRead + 1
                        if progress && rowsRead % 250 == 0 {
                            FileHandle.standardError.write(Data("\rReading \(file): \(rowsRead) rows, \(csv.bytesRead / 1024) KiB…".utf8))
                        }
                        func cell(_ i: Int) -> String { i < record.fields.count ? record.fields[i] : "" }
                        if record.fields.count == 1 && record.fields[0].isEmpty { rowsRead -= 1; continue }
                        if skipIndexes.contains(where: { !cell($0).isEmpty }) || skipPairs.contains(where: { cell($0.0) == $0.1 }) {
                            skipped += 1; continue
                        }
                        func fail(_ message: String) { errors.append(RowError(row: row, line: record.line, message: message)) }
                        if record.fields.count != header.count {
                            fail("has \(record.fields.count) fields, the header has \(header.count)"); continue
                        }
                        let id: String
                        if let idIndex { id = cell(idIndex).trimmingCharacters(in: .whitespaces) } else {
                            id = templateParts.map { $0.column.map { cell($0).trimmingCharacters(in: .whitespaces) } ?? $0.literal }.joined().lowercased()
                        }
                        // Every problem of a row is reported, not only the first.
                        var bad = false
                        if !PartySchema.isValidPartyID(id) {
                            fail(id.isEmpty ? "the id is empty" : StoreError.invalidPartyID(id).description); bad = true
                        } else if let earlier = seen[id] {
                            fail("id \(id) is already used by row \(earlier)"); bad = true
                        } else {
                            seen[id] = row
                        }
                        var edits: [Edit] = []
                        let current = bad ? nil : existing[id]
                        for (i, def) in mapped {
                            let text = cell(i).trimmingCharacters(in: .whitespacesAndNewlines)
                            if text.isEmpty { continue }
                            let value: FactValue
                            do { value = try def.check(.text(text)) } catch let e as ValueError {
                                fail("column \(header[i]): \(e.description)"); bad = true; continue
                            }
                            if def.isSet {
                                if current?.sets[def.name]?.contains(value) == true { unchanged += 1; continue }
                                edits.append(Edit(party: id, field: def.name, action: .add(value), source: provenance.source, asOf: provenance.asOf))
                            } else {
                                // Compare in the field's canonical form: SQLite gives a whole-number REAL back as an integer.
                                if let have = current?.fields[def.name], (try? def.check(have)) == value { unchanged += 1; continue }
                                edits.append(Edit(party: id, field: def.name, action: .set(value), source: provenance.source, asOf: provenance.asOf))
                            }
                        }
                        if bad { continue }
                        if current?.deleted == true && !edits.isEmpty { fail(StoreError.partyDeleted(id).description); continue }
                        if errors.isEmpty || keepGoing {
                            for e in edits { try writer.apply(e) }
                        }
                        if !edits.isEmpty { imported += 1; if current == nil { created += 1 } }
                    }
                    if progress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                    if dryRun || (!errors.isEmpty && !keepGoing) { throw DryRun() }
                }
            } catch is DryRun {
                summary = nil
            }
            for e in errors.prefix(50) { Console.message("\(file): \(e)") }
            if errors.count > 50 { Console.message("\(file): … and \(errors.count - 50) more problems") }
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            let badRows = Set(errors.map(\.row)).count
            let counts = "\(rowsRead) rows read, \(skipped) skipped, \(badRows) bad"
            if let summary {
                Console.message("Imported \(imported) parties (\(created) new) from \(file): \(counts), \(summary.operationsAdded) values written, \(unchanged) already there (\(seconds) s).")
            } else if dryRun {
                Console.message("Dry run of \(file): \(counts); \(imported) parties (\(created) new) would get values. Nothing was changed.")
            } else {
                throw CommandFailure(description: "\(file): \(plural(badRows, "bad row")) (listed above); nothing was imported. Fix them, or add --keep-going to import the rest", exitCode: ExitCodes.badInput)
            }
            if !errors.isEmpty { throw ExitCode(ExitCodes.badInput) }
        }

        /// What `--source` and `--as-of` say in this command's help.
        enum Help: ProvenanceHelp {
            static let source = "The source kept with every value, e.g. --source \"Party Facts 2024\"."
            static let asOf = "The date every value holds for: YYYY, YYYY-MM or YYYY-MM-DD, e.g. --as-of 2024-01."
        }
    }
}
