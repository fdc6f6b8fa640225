import ArgumentParser
import CaucusCore

extension Caucus {
    /// `caucus export-csv`: one row per party, for R, Stata or a spreadsheet.
    struct ExportCSV: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-csv",
            abstract: "Write the parties as CSV, one row per party, with the columns a mapping file names (the one import-csv takes).",
            discussion: """
                Without --mapping: an id column, then every field of the schema. With --mapping FILE: the file's \
                columns not mapped to -, in its order; the id comes first, as `id`, unless a line maps a column to \
                id (id:pf-{} writes 6641 for pf-6641). import-csv takes the same file back, so import-csv, \
                export-csv, import-csv changes nothing. Set members are joined with --separator (import them back \
                with --split FIELD=SEP); a field in conflict holds every candidate, as `conflict: A | B`, or is \
                left empty (--conflicts omit), or stops the export (--conflicts fail, exit 2); a disputed field \
                is left empty. --at writes a release: the same bytes on every replica that holds it.

                Examples:
                  caucus export-csv --output parties.csv
                  caucus export-csv --mapping docs/partyfacts.mapping --at 2025.1 --output partyfacts-2025.1.csv
                  caucus export-csv --country AZE --with-sources
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var export: ExportOptions

        @Option(name: [.short, .long], help: ArgumentHelp("The CSV file to write (default: standard output), e.g. -o parties.csv.", valueName: "file"))
        var output: String?

        func execute() throws {
            let store = try global.openStore()
            let count = try export.writeCSV(from: store, to: output).parties
            if let output { Console.message("Wrote \(count) part\(count == 1 ? "y" : "ies") to \(output).") }
        }
    }
}
