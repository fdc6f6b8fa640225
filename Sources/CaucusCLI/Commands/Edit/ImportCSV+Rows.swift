import CaucusCore
import Foundation

extension Caucus.ImportCSV {
    /// A problem with one row.
    struct RowError: CustomStringConvertible {
        var row: Int, line: Int, message: String
        var description: String { "row \(row) (line \(line)): \(message)" }
    }

    /// What the rows came to.
    struct Tally {
        /// Rows read, blank lines left out.
        var rowsRead = 0
        /// Rows the skip rules left out.
        var skipped = 0
        /// Parties that got at least one value.
        var imported = 0
        /// Of those, parties the store did not have.
        var created = 0
        /// Values the store had already.
        var unchanged = 0
        /// Every problem of every bad row, in file order.
        var errors: [RowError] = []
    }

    /// Turns the file's rows into edits one row at a time, inside the import's write transaction.
    ///
    /// Each row is compared with its record as the store held it before the import (the file's
    /// ids are unique, so no row depends on another row's edits).
    struct RowImporter {
        let columns: Columns
        /// With `--match`, the records by their value of the matched field.
        let matching: [FactValue: [String]]
        /// The records the file names, as the store held them before the import.
        let before: [String: RecordState]
        let source: String?
        let asOf: String?
        /// Whether the good rows are written when some are bad.
        let keepGoing: Bool
        /// Where progress goes; nil when stderr is not a terminal.
        let progress: Progress?
        private(set) var tally = Tally()
        /// The row that used each id so far.
        private var seen: [String: Int] = [:]

        init(columns: Columns, matching: [FactValue: [String]], before: [String: RecordState], source: String?, asOf: String?,
             keepGoing: Bool, progress: Progress?) {
            self.columns = columns
            self.matching = matching
            self.before = before
            self.source = source
            self.asOf = asOf
            self.keepGoing = keepGoing
            self.progress = progress
        }

        /// Checks one record of the file, counts it, and writes its edits through `writer` unless
        /// a bad row has been found and `keepGoing` is off. Every problem of a bad row is reported.
        ///
        /// - Throws: what reading a record or writing an edit throws.
        mutating func take(_ record: CSVReader.Record, writer: EditWriter) throws {
            tally.rowsRead += 1
            let row = tally.rowsRead + 1
            progress?.show(rows: tally.rowsRead)
            let cells = Cells(fields: record.fields)
            if record.fields.count == 1 && record.fields[0].isEmpty { tally.rowsRead -= 1; return }
            if columns.skips(cells) { tally.skipped += 1; return }
            func fail(_ message: String) { tally.errors.append(RowError(row: row, line: record.line, message: message)) }
            if record.fields.count != columns.header.count {
                fail("has \(record.fields.count) fields, the header has \(columns.header.count)"); return
            }
            let (found, problem) = columns.id(of: cells, matching: matching)
            let id = found ?? ""
            var bad = false
            if let problem {
                fail(problem); bad = true
            } else if !PartySchema.isValidPartyID(id) {
                fail(id.isEmpty ? "the id is empty" : StoreError.invalidPartyID(id).description); bad = true
            } else if let earlier = seen[id] {
                fail("id \(id) is already used by row \(earlier)"); bad = true
            } else {
                seen[id] = row
            }
            let current = bad ? nil : before[id]
            let (values, problems) = try columns.values(of: cells)
            let (edits, unchanged) = Self.edits(party: id, values: values, current: current, source: source, asOf: asOf)
            tally.unchanged += unchanged
            for p in problems { fail(p) }
            if bad || !problems.isEmpty { return }
            if current?.deleted == true && !edits.isEmpty { fail(StoreError.partyDeleted(id).message); return }
            if tally.errors.isEmpty || keepGoing {
                for e in edits { try writer.apply(e) }
            }
            if !edits.isEmpty { tally.imported += 1; if current == nil { tally.created += 1 } }
        }

        /// The edits that give `party` these values, leaving out the values `current` has already
        /// (compared in the field's canonical form: SQLite gives a whole-number REAL back as an
        /// integer), and how many were left out.
        static func edits(party: String, values: [(field: FieldDefinition, value: FactValue)], current: RecordState?,
                          source: String?, asOf: String?) -> (edits: [Edit], unchanged: Int) {
            var edits: [Edit] = []
            var unchanged = 0
            for (def, value) in values {
                if def.isSet {
                    if current?.sets[def.name]?.contains(value) == true { unchanged += 1; continue }
                    edits.append(Edit(party: party, field: def.name, action: .add(value), source: source, asOf: asOf))
                } else {
                    if let have = current?.fields[def.name], (try? def.check(have)) == value { unchanged += 1; continue }
                    edits.append(Edit(party: party, field: def.name, action: .set(value), source: source, asOf: asOf))
                }
            }
            return (edits, unchanged)
        }
    }

    /// The "Reading FILE: N rows" line on a terminal's stderr, rewritten in place.
    struct Progress {
        let file: String
        let csv: CSVReader

        /// Shows the count every 250 rows.
        func show(rows: Int) {
            guard rows % 250 == 0 else { return }
            FileHandle.standardError.write(Data("\rReading \(file): \(rows) rows, \(csv.bytesRead / 1024) KiB…".utf8))
        }

        /// Clears the line.
        func clear() { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
