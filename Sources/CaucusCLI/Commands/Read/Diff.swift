import ArgumentParser
import CaucusCore

extension Caucus {
    /// `caucus diff A [B]`: what changed between two versions.
    struct Diff: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "List what changed between two releases (or a release and now): records created, deleted and restored, each field's values before and after, who changed them, and the conflicts that appeared or were settled.",
            discussion: """
                A and B are release names or version vector files; B defaults to what this replica holds now. The \
                work is proportional to the operations between them, not to the database.

                With --json, one object per changed record: id, change (created, deleted, restored, changed or \
                absent), editors, fields (per field: before, after, editors; a value, an array of set members, \
                {"conflict":[…]}, {"disputed":[…]} or null; and claims_before and claims_after, as `dump` writes \
                claims, when the claims changed and say more than the values), conflicts_appeared, conflicts_settled and \
                delete_conflict ({"before":…,"after":…}). With --stat, only the counts.

                Examples:
                  caucus diff 2024.1 2025.1
                  caucus diff 2025.1 --stat
                  caucus diff 2025.1 --json
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: ArgumentHelp("The earlier version: a release name or a version vector file.", valueName: "a"))
        var from: String

        @Argument(help: ArgumentHelp("The later version (default: what this replica holds now).", valueName: "b"))
        var to: String?

        @Flag(help: "Print only the counts: records created, deleted, restored, changed; fields; conflicts appeared and settled.")
        var stat = false

        func execute() throws {
            let store = try global.openStore()
            let a = try VersionReference.resolve(from, in: store)
            let b = try to.map { try VersionReference.resolve($0, in: store) }
            let progress = TerminalProgress("Comparing")
            var compared = 0
            let diffs = try store.diff(from: a.versionVector, named: a.name, to: b?.versionVector, named: b?.name ?? "") { done, total in
                compared = done
                progress.show(done, of: total, "records")
            }
            progress.clear(after: compared)
            let out = OutputBuffer()
            if stat {
                func count(_ c: RecordDiff.Change) -> Int { diffs.filter { $0.change == c }.count }
                let fields = diffs.reduce(0) { $0 + $1.fields.count }
                let appeared = diffs.reduce(0) { $0 + $1.conflictsAppeared.count + ($1.deleteConflictAfter && !$1.deleteConflictBefore ? 1 : 0) }
                let settled = diffs.reduce(0) { $0 + $1.conflictsSettled.count + ($1.deleteConflictBefore && !$1.deleteConflictAfter ? 1 : 0) }
                if output.json {
                    var o = JSONObject()
                    o.add("records", diffs.count)
                    for c in [RecordDiff.Change.created, .deleted, .restored, .changed, .absent] { o.add(c.rawValue, count(c)) }
                    o.add("fields", fields)
                    o.add("conflicts_appeared", appeared)
                    o.add("conflicts_settled", settled)
                    out.line(o.text)
                } else {
                    out.line("\(diffs.count) record\(diffs.count == 1 ? "" : "s") changed: \(count(.created)) created, \(count(.deleted)) deleted, "
                             + "\(count(.restored)) restored, \(count(.changed)) changed" + (count(.absent) > 0 ? ", \(count(.absent)) absent" : "")
                             + "; \(fields) field\(fields == 1 ? "" : "s"); \(appeared) conflict\(appeared == 1 ? "" : "s") appeared, \(settled) settled")
                }
                out.flush()
                return
            }
            Self.render(diffs, schema: store.schema, json: output.json, to: out)
            if diffs.isEmpty { Console.message("No changes between \(a.name) and \(b?.name ?? "what this replica holds now").") }
            out.flush()
        }

        /// Writes `diffs` as tables, or as one JSON object per record.
        static func render(_ diffs: [RecordDiff], schema: PartySchema, json: Bool, to out: OutputBuffer) {
            for diff in diffs {
                if json { out.line(Self.json(diff)); continue }
                out.line(Style.bold(diff.id) + "  " + diff.change.rawValue + (diff.editors.isEmpty ? "" : "  (" + diff.editors.joined(separator: ", ") + ")"))
                var table = Table(["  FIELD", "BEFORE", "AFTER", "BY", "CONFLICT"])
                for f in diff.fields {
                    let conflict = f.after.isConflict && !f.before.isConflict ? "appeared" : f.before.isConflict && !f.after.isConflict ? "settled" : ""
                    let after = text(f.after, f.name, schema) + (f.before.json == f.after.json ? " (its claims changed)" : "")
                    table.add(["  " + f.name, text(f.before, f.name, schema), after, f.editors.joined(separator: ", "), conflict])
                }
                if diff.deleteConflictBefore != diff.deleteConflictAfter {
                    table.add(["  (record)", "", "", "", diff.deleteConflictAfter ? "delete conflict appeared" : "delete conflict settled"])
                }
                if !table.rows.isEmpty { for line in table.render().dropFirst() { out.line(line) } }
            }
        }

        private static func text(_ state: FieldState, _ field: String, _ schema: PartySchema) -> String {
            func values(_ v: [FactValue]) -> String { v.map { schema.text(of: $0, in: field) }.joined(separator: " | ") }
            switch state {
            case .absent: return "-"
            case .value(let v, let claims): return schema.text(of: v, in: field) + (claims.count > 1 ? " (\(claims.count) claims)" : "")
            case .members(let m, _): return m.map { schema.text(of: $0, in: field) }.joined(separator: ", ")
            case .conflict(let c, _): return "conflict: " + values(c)
            case .disputed(let claims): return "disputed: " + values(claims.map(\.value))
            }
        }

        static func json(_ diff: RecordDiff) -> String {
            var o = JSONObject()
            o.add("id", diff.id)
            o.add("change", diff.change.rawValue)
            o.add("editors", raw: JSONObject.array(diff.editors.map(JSONText.quoted)))
            let fields = diff.fields.map { f -> String in
                var x = JSONObject()
                x.add("before", raw: f.before.json)
                x.add("after", raw: f.after.json)
                x.add("editors", raw: JSONObject.array(f.editors.map(JSONText.quoted)))
                if f.before.claims != f.after.claims && (f.before.json == f.after.json || f.before.listsClaims || f.after.listsClaims) {
                    x.add("claims_before", raw: JSONObject.array(f.before.claims.map(\.json)))
                    x.add("claims_after", raw: JSONObject.array(f.after.claims.map(\.json)))
                }
                return JSONText.quoted(f.name) + ":" + x.text
            }
            o.add("fields", raw: "{" + fields.joined(separator: ",") + "}")
            o.add("conflicts_appeared", raw: JSONObject.array(diff.conflictsAppeared.map(JSONText.quoted)))
            o.add("conflicts_settled", raw: JSONObject.array(diff.conflictsSettled.map(JSONText.quoted)))
            var d = JSONObject()
            d.add("before", diff.deleteConflictBefore)
            d.add("after", diff.deleteConflictAfter)
            o.add("delete_conflict", raw: d.text)
            return o.text
        }
    }
}
