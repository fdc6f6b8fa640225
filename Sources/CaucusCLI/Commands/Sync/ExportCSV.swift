import ArgumentParser
import CaucusCore
import Foundation

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

        /// What a field in conflict gets.
        enum ConflictPolicy: String, ExpressibleByArgument, CaseIterable {
            case join, omit, fail
        }

        @OptionGroup var global: GlobalOptions
        @OptionGroup var filter: RecordFilterOptions

        @Flag(name: .customLong("only-conflicts"), help: ArgumentHelp("Only parties with a field in conflict or a delete-vs-edit conflict."))
        var onlyConflicts = false

        @Option(help: ArgumentHelp("A mapping file of COLUMN=FIELD lines, e.g. --mapping docs/partyfacts.mapping.", valueName: "file"))
        var mapping: String?

        @Option(name: [.short, .long], help: ArgumentHelp("The CSV file to write (default: standard output), e.g. -o parties.csv.", valueName: "file"))
        var output: String?

        @Option(help: ArgumentHelp("A release name or a version vector file: the parties as they stood there. Example: --at 2025.1.", valueName: "release|vv-file"))
        var at: String?

        @Option(help: ArgumentHelp("A field in conflict: join (every candidate, marked), omit (empty) or fail (exit 2, nothing written).", valueName: "policy"))
        var conflicts: ConflictPolicy = .join

        @Option(help: ArgumentHelp("What joins a set field's members, e.g. --separator '; '.", valueName: "text"))
        var separator = "; "

        @Flag(name: .customLong("with-sources"), help: ArgumentHelp("Add FIELD_source and FIELD_as_of columns after each field: the sources and dates of the claims it shows."))
        var withSources = false

        /// One column of the output.
        enum Column {
            case id(prefix: String, suffix: String)
            case field(FieldDefinition)
            case source(FieldDefinition)
            case asOf(FieldDefinition)
        }

        func execute() throws {
            let store = try global.openStore()
            try filter.check(store)
            let columns = try self.columns(store)
            let version = try at.map { try VersionReference.resolve($0, in: store) }
            func each(_ body: (RecordState) throws -> Void) throws {
                func keep(_ r: RecordState) throws { if filter.keeps(r, inConflict: onlyConflicts) { try body(r) } }
                if let version {
                    try store.records(at: version.versionVector, describedAs: version.name, includeDeleted: filter.includesDeleted, keep)
                } else {
                    try store.records(includeDeleted: filter.includesDeleted, keep)
                }
            }
            let fields = columns.compactMap { if case .field(let d) = $0.column { return d.name } else { return nil } }
            if conflicts == .fail {
                var found: [String] = []
                try each { r in for f in fields where r.conflicts[f] != nil { found.append("\(r.id) \(f)") } }
                if !found.isEmpty {
                    throw CommandFailure(description: "\(found.count) field\(found.count == 1 ? " is" : "s are") in conflict (\(found.prefix(5).joined(separator: ", "))\(found.count > 5 ? ", …" : "")); "
                                         + "nothing was written. Settle them, or choose --conflicts join or omit", exitCode: ExitCodes.conflictsRemain)
                }
            }
            let writer = try CSVWriter(path: output)
            var count = 0
            do {
                writer.row(columns.map(\.name))
                try each { r in
                    writer.row(columns.map { cell($0.column, of: r, schema: store.schema) })
                    count += 1
                    if count % 5000 == 0 && Style.stderrIsTerminal { FileHandle.standardError.write(Data("\rExporting: \(count) parties…".utf8)) }
                }
                if count >= 5000 && Style.stderrIsTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                try writer.finish()
            } catch {
                writer.abandon()
                throw error
            }
            if let output { Console.message("Wrote \(count) part\(count == 1 ? "y" : "ies") to \(output).") }
        }

        /// The columns, named, in order (see the command's discussion).
        func columns(_ store: PartyStore) throws -> [(name: String, column: Column)] {
            var out: [(name: String, column: Column)] = []
            func add(_ name: String, _ def: FieldDefinition) {
                out.append((name, .field(def)))
                if withSources { out += [(name + "_source", .source(def)), (name + "_as_of", .asOf(def))] }
            }
            guard let mapping else {
                out.append(("id", .id(prefix: "", suffix: "")))
                for def in store.schema.fields { add(def.name, def) }
                return out
            }
            let lines = try CSVMapping.read(mapping)
            if lines.id == nil { out.append(("id", .id(prefix: "", suffix: ""))) }
            for (column, target) in lines.entries {
                switch target {
                case .ignored: continue
                case .id(let prefix, let suffix): out.append((column, .id(prefix: prefix, suffix: suffix)))
                case .field(let name): add(column, try store.requireField(name))
                }
            }
            return out
        }

        /// The text of one cell of `r`.
        func cell(_ column: Column, of r: RecordState, schema: PartySchema) -> String {
            func text(_ v: FactValue) -> String { if case .object(let o) = v { return o.json } else { return v.description } }
            switch column {
            case .id(let prefix, let suffix):
                guard r.id.hasPrefix(prefix), r.id.hasSuffix(suffix), r.id.count >= prefix.count + suffix.count else { return r.id }
                return String(r.id.dropFirst(prefix.count).dropLast(suffix.count))
            case .field(let def):
                if let v = r.fields[def.name] { return text(v) }
                if let members = r.sets[def.name] { return members.map(text).joined(separator: separator) }
                if let candidates = r.conflicts[def.name] {
                    switch conflicts {
                    case .join: return "conflict: " + candidates.map(text).joined(separator: " | ")
                    case .omit, .fail: return ""
                    }
                }
                return ""
            case .source(let def), .asOf(let def):
                let shown: [Claim]
                if let v = r.fields[def.name] { shown = (r.claims[def.name] ?? []).filter { $0.value == v } }
                else if r.sets[def.name] != nil || (r.conflicts[def.name] != nil && conflicts == .join) { shown = r.claims[def.name] ?? [] }
                else { shown = [] }
                var seen = Set<String>()
                let parts: [String]
                if case .source = column { parts = shown.flatMap(\.sources) } else { parts = shown.compactMap(\.dates.text) }
                return parts.filter { seen.insert($0).inserted }.joined(separator: "; ")
            }
        }
    }
}
