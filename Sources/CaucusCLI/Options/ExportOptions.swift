import ArgumentParser
import CaucusCore
import Foundation

/// What `export-csv` and `export-json` write: which parties, at which version, in which columns,
/// and what a field in conflict gets. Both write the same table; one as CSV text, one as typed JSON.
struct ExportOptions: ParsableArguments {
    /// What a field in conflict gets.
    enum ConflictPolicy: String, ExpressibleByArgument, CaseIterable {
        case join, omit, fail
    }

    @OptionGroup var filter: RecordFilterOptions

    @Flag(name: .customLong("only-conflicts"), help: ArgumentHelp("Only parties with a field in conflict or a delete-vs-edit conflict."))
    var onlyConflicts = false

    @Option(help: ArgumentHelp("A mapping file of COLUMN=FIELD lines (the one import-csv takes), e.g. --mapping docs/partyfacts.mapping.", valueName: "file"))
    var mapping: String?

    @Option(help: ArgumentHelp("A release name or a version vector file: the parties as they stood there. Example: --at 2025.1.", valueName: "release|vv-file"))
    var at: String?

    @Option(name: .customLong("conflicts"), help: ArgumentHelp("A field in conflict: join (every candidate, marked; the default, but for a data package), omit (left out) or fail (exit 2, nothing written).", valueName: "policy"))
    var conflictsOption: ConflictPolicy?

    /// What a field in conflict gets: `--conflicts`, or join.
    var conflicts: ConflictPolicy { conflictsOption ?? .join }

    @Option(help: ArgumentHelp("What joins a set field's members in CSV, e.g. --separator '; '.", valueName: "text"))
    var separator = "; "

    @Flag(name: .customLong("with-sources"), help: ArgumentHelp("Add FIELD_source and FIELD_as_of columns after each field: the sources and dates of the claims it shows."))
    var withSources = false

    /// One column of the table.
    enum Column {
        case id(prefix: String, suffix: String)
        case field(FieldDefinition)
        case source(FieldDefinition)
        case asOf(FieldDefinition)
    }

    /// The columns, named, in order: without a mapping, `id` and every field of the schema;
    /// with one, its columns not mapped to `-`, in its order, after `id` unless it names the id column.
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

    /// The version `--at` names, if any.
    func version(_ store: PartyStore) throws -> VersionReference? {
        try at.map { try VersionReference.resolve($0, in: store) }
    }

    /// The fields of `columns` in conflict in `r`.
    static func conflictedFields(_ r: RecordState, of columns: [(name: String, column: Column)]) -> [String] {
        columns.compactMap { if case .field(let d) = $0.column, r.conflicts[d.name] != nil { return d.name } else { return nil } }
    }

    /// Calls `body` with each party the filters keep, at `version` (nil: now), sorted by id.
    ///
    /// - Throws: with `--conflicts fail`, a ``CommandFailure`` (exit 2) naming the fields of
    ///   `columns` in conflict, before `body` is called.
    func forEachRecord(_ store: PartyStore, at version: VersionReference?, columns: [(name: String, column: Column)],
                       _ body: (RecordState) throws -> Void) throws {
        func each(_ body: (RecordState) throws -> Void) throws {
            func keep(_ r: RecordState) throws { if filter.keeps(r, inConflict: onlyConflicts) { try body(r) } }
            if let version {
                try store.records(at: version.versionVector, describedAs: version.name, includeDeleted: filter.includesDeleted, keep)
            } else {
                try store.records(includeDeleted: filter.includesDeleted, keep)
            }
        }
        if conflicts == .fail {
            var found: [String] = []
            try each { r in found += Self.conflictedFields(r, of: columns).map { "\(r.id) \($0)" } }
            if !found.isEmpty {
                throw CommandFailure(description: "\(found.count) field\(found.count == 1 ? " is" : "s are") in conflict (\(found.prefix(5).joined(separator: ", "))\(found.count > 5 ? ", …" : "")); "
                                     + "nothing was written. Settle them, or choose --conflicts join or omit", exitCode: ExitCodes.conflictsRemain)
            }
        }
        var count = 0
        let progress = TerminalProgress("Exporting")
        try each { r in
            try body(r)
            count += 1
            progress.show(count, "parties")
        }
        progress.clear(after: count)
    }

    /// The text of one CSV cell of `r`.
    func cell(_ column: Column, of r: RecordState) -> String {
        switch column {
        case .id(let prefix, let suffix): return Self.idText(r.id, prefix: prefix, suffix: suffix)
        case .field(let def):
            switch ExportedField(def.name, of: r).content {
            case .none: return ""
            case .value(let v): return ExportedField.text(v)
            case .members(let m): return m.map(ExportedField.text).joined(separator: separator)
            case .conflict(let c): return conflicts == .join ? "conflict: " + c.map(ExportedField.text).joined(separator: " | ") : ""
            }
        case .source(let def), .asOf(let def):
            let field = ExportedField(def.name, of: r)
            if case .conflict = field.content, conflicts != .join { return "" }
            if case .source = column { return field.sources.joined(separator: "; ") }
            return field.dates.joined(separator: "; ")
        }
    }

    /// The JSON of one member of `r`'s line: a value, an array of members, `{"conflict":[…]}`,
    /// an array of sources or dates, or `null`.
    func json(_ column: Column, of r: RecordState) -> String {
        func array(_ texts: [String]) -> String { "[" + texts.joined(separator: ",") + "]" }
        switch column {
        case .id(let prefix, let suffix): return JSONText.quoted(Self.idText(r.id, prefix: prefix, suffix: suffix))
        case .field(let def):
            switch ExportedField(def.name, of: r).content {
            case .none: return "null"
            case .value(let v): return v.json
            case .members(let m): return array(m.map(\.json))
            case .conflict(let c): return conflicts == .join ? "{\"conflict\":" + array(c.map(\.json)) + "}" : "null"
            }
        case .source(let def), .asOf(let def):
            let field = ExportedField(def.name, of: r)
            if case .conflict = field.content, conflicts != .join { return "[]" }
            return array((column.isSource ? field.sources : field.dates).map(JSONText.quoted))
        }
    }

    /// Writes the table these options describe as CSV to `path` (nil: standard output), at
    /// `given` or `--at`: the number of parties, and of their fields in conflict.
    func writeCSV(from store: PartyStore, to path: String?, at given: VersionReference? = nil) throws -> (parties: Int, conflicts: Int) {
        try filter.check(store)
        let columns = try columns(store)
        let version = try given ?? version(store)
        let writer = try CSVWriter(path: path)
        var count = 0, conflicts = 0
        do {
            writer.row(columns.map(\.name))
            try forEachRecord(store, at: version, columns: columns) { r in
                writer.row(columns.map { cell($0.column, of: r) })
                count += 1
                conflicts += Self.conflictedFields(r, of: columns).count
            }
            try writer.finish()
        } catch {
            writer.abandon()
            throw error
        }
        return (count, conflicts)
    }

    /// The id as its column writes it: without the mapping's prefix and suffix.
    static func idText(_ id: String, prefix: String, suffix: String) -> String {
        guard id.hasPrefix(prefix), id.hasSuffix(suffix), id.count >= prefix.count + suffix.count else { return id }
        return String(id.dropFirst(prefix.count).dropLast(suffix.count))
    }
}

extension ExportOptions.Column {
    var isSource: Bool { if case .source = self { return true } else { return false } }
}
