import ArgumentParser
import CaucusCore
import Foundation

extension Caucus {
    /// `caucus export-json`: JSON Lines, or a Frictionless Data Package.
    struct ExportJSON: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-json",
            abstract: "Write the parties as JSON Lines (the columns export-csv writes, typed), or as a Frictionless Data Package.",
            discussion: """
                Each line is one party: the columns as keys, in order, each a value, an array of set members, \
                {"conflict":[…]} (or null with --conflicts omit) or null; with --with-sources, FIELD_source and \
                FIELD_as_of arrays. With --package DIR: DIR/datapackage.json (a tabular data package whose table \
                schema is derived from the party schema), DIR/parties.csv (what export-csv writes) and \
                DIR/README.md naming the release, its version vector and its editors. An export at a release is \
                the same bytes on every replica that holds it.

                Examples:
                  caucus export-json --output parties.jsonl
                  caucus export-json --package parties-2025.1 --at 2025.1
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var export: ExportOptions

        @Option(name: [.short, .long], help: ArgumentHelp("The JSON Lines file to write (default: standard output), e.g. -o parties.jsonl.", valueName: "file"))
        var output: String?

        @Option(help: ArgumentHelp("Write a Frictionless Data Package into this folder (made if missing), e.g. --package parties-2025.1.", valueName: "dir"))
        var package: String?

        func validate() throws {
            if output != nil && package != nil { throw ValidationError("give --output or --package, not both") }
        }

        func execute() throws {
            let store = try global.openStore()
            if let package {
                try DataPackage.write(export, from: store, into: package)
                Console.message("Wrote a data package to \(package): datapackage.json, parties.csv, README.md.")
                return
            }
            try export.filter.check(store)
            let columns = try export.columns(store)
            let version = try export.version(store)
            let writer = try CSVWriter(path: output)
            var count = 0
            do {
                try export.forEachRecord(store, at: version, columns: columns) { r in
                    writer.line("{" + columns.map { JSONText.quoted($0.name) + ":" + export.json($0.column, of: r) }.joined(separator: ",") + "}")
                    count += 1
                }
                try writer.finish()
            } catch {
                writer.abandon()
                throw error
            }
            if let output { Console.message("Wrote \(count) part\(count == 1 ? "y" : "ies") to \(output).") }
        }
    }
}
