import ArgumentParser
import CaucusCore

/// Which records a read keeps: `list`'s filters, which `export-csv` takes too. (`--conflicts`,
/// which keeps the records in conflict, is each command's own: in `export-csv` it says what a
/// field in conflict gets, and its filter is `--only-conflicts`.)
struct RecordFilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only parties of this country code; repeat for several, e.g. --country AZE.", valueName: "code"))
    var country: [String] = []

    @Option(help: ArgumentHelp("Only parties that have a value for this field; repeatable, e.g. --has wikipedia.", valueName: "field"))
    var has: [String] = []

    @Option(help: ArgumentHelp("Only parties with no value for this field; repeatable, e.g. --missing founded.", valueName: "field"))
    var missing: [String] = []

    @Flag(help: ArgumentHelp("Only deleted parties. Example: --deleted."))
    var deleted = false

    @Flag(help: ArgumentHelp("Include deleted parties. Example: --all."))
    var all = false

    /// Whether the store must give deleted records.
    var includesDeleted: Bool { deleted || all }

    /// Refuses a field name the schema lacks.
    func check(_ store: PartyStore) throws {
        for f in has + missing where f != "id" { _ = try store.requireField(f) }
    }

    /// Whether `r` passes the filters, and is in conflict when `inConflict` is asked for.
    func keeps(_ r: RecordState, inConflict: Bool) -> Bool {
        if deleted && !r.deleted { return false }
        if !all && !deleted && r.deleted { return false }
        let countries = Set(country.map { $0.uppercased() })
        if !countries.isEmpty, !Self.values(r, "country").map(\.description).contains(where: countries.contains) { return false }
        for f in has where Self.values(r, f).isEmpty { return false }
        for f in missing where !Self.values(r, f).isEmpty { return false }
        if inConflict && r.conflicts.isEmpty && !r.deleteConflict { return false }
        return true
    }

    /// A field's values in a record: the value, the set members, the conflict candidates, or
    /// the values of a disputed field's standing claims.
    static func values(_ r: RecordState, _ field: String) -> [FactValue] {
        if field == "id" { return [.text(r.id)] }
        if let v = r.fields[field] { return [v] }
        return r.sets[field] ?? r.conflicts[field] ?? r.claims[field]?.map(\.value).canonicallySorted() ?? []
    }
}
