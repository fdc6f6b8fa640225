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

                With --match FIELD, a row goes to the record that holds its id in the external-id field FIELD \
                (the column mapped to it), so that a second dataset joins the records a first one made.

                Example (Party Facts, skipping its technical rows):
                  caucus import-csv partyfacts-core-parties.csv --id-template 'pf-{partyfacts_id}' --skip-if technical \\
                    --map name_short=abbreviation --map year_first=founded --map year_last=dissolved \\
                    --map share=vote_share --map share_year=vote_share_year --source "Party Facts"

                Example (ParlGov's party table, joined to those records by their ParlGov ids):
                  caucus import-csv view_party.csv --match parlgov --id-template 'pg-{party_id}' \
                    --map party_id=parlgov --map party_name=name --map family_name=family
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The CSV file (UTF-8, RFC 4180), e.g. parties.csv.", valueName: "file"))
        var file: String

        @Option(help: ArgumentHelp("Map a column to a field, e.g. --map year_first=founded; FIELD - ignores the column. Repeatable.", valueName: "column=field"))
        var map: [String] = []

        @Option(help: ArgumentHelp("A file of COLUMN=FIELD lines (# starts a comment; FIELD - ignores a column, which the file may lack; id or id:pf-{} names the id column), e.g. --mapping docs/partyfacts.mapping. export-csv takes the same file.", valueName: "file"))
        var mapping: String?

        @Option(help: ArgumentHelp("Split a set field's cells into members on a separator, e.g. --split 'ideology=;'. Repeatable.", valueName: "field=sep"))
        var split: [String] = []

        @Option(name: .customLong("id-column"), help: ArgumentHelp("The column holding each party's id, e.g. --id-column id (the default when there is an id column).", valueName: "column"))
        var idColumn: String?

        @Option(name: .customLong("id-template"), help: ArgumentHelp("Build each id from columns: {COLUMN} is replaced by the cell, and the result lower-cased, e.g. --id-template 'pf-{partyfacts_id}'.", valueName: "template"))
        var idTemplate: String?

        @Option(help: ArgumentHelp("Match each row to the record that holds its id in this external-id field, from the column mapped to it, instead of making a record; a row that matches none makes one from --id-column or --id-template. Example: --match parlgov.", valueName: "field"))
        var match: String?

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
            if let asOf = provenance.asOf, !ClaimDates.isValidDate(asOf) { throw ValidationError("--as-of must be YYYY, YYYY-MM or YYYY-MM-DD, got \"\(asOf)\"") }
        }

        /// Thrown inside the write transaction to roll it back: for --dry-run, or after bad rows without --keep-going.
        private struct RollBack: Error {}

        func execute() throws {
            let store = try global.openStore()
            let csv = try CSVReader(path: file)
            let columns = try Columns(header: try readHeader(csv), command: self, store: store)
            columns.report()
            let matching = try columns.match.map { try store.recordsByValue(of: $0.field.name) } ?? [:]
            let before = try records(namedIn: columns, matching: matching, store: store)
            var rows = RowImporter(columns: columns, matching: matching, before: before, source: provenance.source, asOf: provenance.asOf,
                                   keepGoing: keepGoing, progress: Style.stderrIsTerminal ? Progress(file: file, csv: csv) : nil)
            let started = Date()
            var summary: WriteSummary?
            do {
                summary = try store.applyEdits(time: now()) { writer in
                    while let record = try nextRecord(csv) { try rows.take(record, writer: writer) }
                    rows.progress?.clear()
                    if dryRun || (!rows.tally.errors.isEmpty && !keepGoing) { throw RollBack() }
                }
            } catch is RollBack {
                summary = nil
            }
            try report(rows.tally, summary: summary, seconds: Date().timeIntervalSince(started))
        }

        /// The records of the parties the file's rows name, as the store holds them: memory follows
        /// the file, not the database. A first pass over the file collects the ids (of every row,
        /// whether or not it will be skipped or refused); the write transaction's connection cannot
        /// read while it writes, so they are read before it begins.
        ///
        /// - Complexity: one pass over the file, and one index lookup per id it names.
        private func records(namedIn columns: Columns, matching: [FactValue: [String]], store: PartyStore) throws -> [String: RecordState] {
            let csv = try CSVReader(path: file)
            _ = try readHeader(csv)
            var ids = Set<String>()
            while let record = try nextRecord(csv) {
                if let id = columns.id(of: Cells(fields: record.fields), matching: matching).id { ids.insert(id) }
            }
            return try store.records(ids: ids)
        }

        /// The header's column names, trimmed.
        private func readHeader(_ csv: CSVReader) throws -> [String] {
            do {
                guard let first = try csv.next() else { throw CommandFailure(description: "\(file): the file is empty", exitCode: ExitCodes.badInput) }
                return first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            } catch let p as CSVReader.Problem { throw CommandFailure(description: "\(file): \(p)", exitCode: ExitCodes.badInput) }
        }

        /// The next record after the header, or nil at the end.
        private func nextRecord(_ csv: CSVReader) throws -> CSVReader.Record? {
            do { return try csv.next() } catch let p as CSVReader.Problem {
                throw CommandFailure(description: "\(file): \(p); nothing was imported", exitCode: ExitCodes.badInput)
            }
        }

        /// Prints the bad rows and the summary line.
        ///
        /// - Throws: a ``CommandFailure`` when bad rows stopped the import, or `ExitCode` 3 when
        ///   --keep-going imported the others.
        private func report(_ tally: Tally, summary: WriteSummary?, seconds: Double) throws {
            let errors = tally.errors
            for e in errors.prefix(50) { Console.message("\(file): \(e)") }
            if errors.count > 50 { Console.message("\(file): … and \(errors.count - 50) more problems") }
            let badRows = Set(errors.map(\.row)).count
            let counts = "\(tally.rowsRead) rows read, \(tally.skipped) skipped, \(badRows) bad"
            if let summary {
                Console.message("Imported \(tally.imported) parties (\(tally.created) new) from \(file): \(counts), \(summary.operationsAdded) values written, \(tally.unchanged) already there (\(String(format: "%.1f", seconds)) s).")
            } else if dryRun {
                Console.message("Dry run of \(file): \(counts); \(tally.imported) parties (\(tally.created) new) would get values. Nothing was changed.")
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
