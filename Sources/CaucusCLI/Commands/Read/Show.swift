import ArgumentParser
import CaucusCore
import Foundation

extension Caucus {
    /// `caucus show`: one record with provenance.
    struct Show: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show every field of a party with its value, source, as-of date, editor and time.",
            discussion: """
                A field in conflict lists every candidate, numbered as `caucus resolve --pick` expects. Fields written \
                by a newer version of Caucus are shown and marked unknown.

                Examples:
                  caucus show ucpa
                  caucus show ucpa --json
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @OptionGroup var target: PartyArgument

        func execute() throws {
            try Self.show(target.party, json: output.json, databasePath: global.databasePath)
        }

        /// Prints `party` of the database at `databasePath`: a table, or with `json` one JSON object.
        static func show(_ party: String, json: Bool, databasePath: String) throws {
            let store = try PartyStore.open(at: databasePath)
            defer { store.closeForExit() }
            guard let detail = try store.recordDetail(party) else { _ = try store.requireParty(party); return }
            let schema = store.schema
            let order = Dictionary(uniqueKeysWithValues: schema.fields.enumerated().map { ($1.name, $0) })
            let fields = detail.fields.sorted { (order[$0.name] ?? Int.max, $0.name) < (order[$1.name] ?? Int.max, $1.name) }
            if json {
                var o = JSONObject()
                o.add("id", detail.id)
                o.add("deleted", detail.deleted)
                o.add("delete_conflict", detail.deleteConflict)
                o.add("deletes", raw: JSONObject.array(detail.deletes.map { d in
                    var x = JSONObject(); x.add("editor", d.editor); x.add("replica", d.replica.rawValue); x.add("time", Time.iso(d.time)); x.add("source", d.source); return x.text
                }))
                o.add("fields", raw: JSONObject.array(fields.map { f in
                    let def = schema.field(f.name)
                    var x = JSONObject()
                    x.add("field", f.name)
                    x.add("known", def != nil)
                    x.add("set", def?.isSet ?? false)
                    x.add("conflict", def.map { !$0.isSet } ?? true && f.values.count > 1)
                    x.add("values", raw: JSONObject.array(f.values.map(\.json)))
                    return x.text
                }))
                Out.line(o.text)
                return
            }
            // One write for the whole record: a reader on a pipe is woken once, not once a line.
            let out = OutputBuffer()
            defer { out.flush() }
            var title = Style.bold(detail.id)
            if let name = fields.first(where: { $0.name == "name" })?.values.first?.value.description { title += "  " + name }
            out.line(title)
            if detail.deleted {
                let who = detail.deletes.map { "\($0.editor) at \(Time.short($0.time))" + ($0.source.map { " (reason: \($0))" } ?? "") }
                    .joined(separator: ", ")
                out.line(Style.red("Deleted by \(who)." + (detail.deleteConflict
                    ? " In conflict: it was edited without the delete being seen; settle with `caucus resolve \(detail.id) --restore` or `--delete`."
                    : " Bring it back with `caucus restore \(detail.id)`.")))
            }
            var table = Table(["FIELD", "VALUE", "SOURCE", "AS OF", "EDITOR", "TIME (UTC)"])
            for f in fields {
                let def = schema.field(f.name)
                let label = def == nil ? f.name + " (unknown field, from a newer schema)" : f.name
                let isConflict = def.map { !$0.isSet } ?? true && f.values.count > 1
                if isConflict {
                    table.add([label, Style.yellow("CONFLICT: \(f.values.count) candidates"), "", "", "", ""])
                    for (i, v) in f.values.enumerated() { table.add(["  [\(i + 1)]"] + Self.cells(v, schema)) }
                } else if def?.isSet == true && f.values.count > 1 {
                    for (i, v) in f.values.enumerated() { table.add([i == 0 ? label : ""] + Self.cells(v, schema)) }
                } else {
                    for v in f.values { table.add([label] + Self.cells(v, schema)) }
                }
            }
            if fields.isEmpty { out.line("(no values)") } else { table.print(to: out) }
            // Values too long for the table, in full.
            for f in fields {
                for (i, v) in f.values.enumerated() where Table.isClipped(schema.text(of: v.value, in: f.name)) {
                    out.line("")
                    out.line(Style.bold(f.name + (f.values.count > 1 ? " [\(i + 1)]" : "") + ":"))
                    for line in schema.text(of: v.value, in: f.name).split(separator: "\n", omittingEmptySubsequences: false) { out.line("  " + String(line)) }
                }
            }
        }

        private static func cells(_ v: FactDetail, _ schema: PartySchema) -> [String] {
            [schema.text(of: v.value, in: v.field), v.source ?? "-", v.asOf ?? "-", v.editor, Time.short(v.time)]
        }
    }
}
