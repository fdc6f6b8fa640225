import ArgumentParser
import CaucusCore
import Foundation

extension Caucus {
    /// `caucus show`: one record with provenance.
    struct Show: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show every field of a party with its claims: value, rank, sources, dates, editor and time.",
            discussion: """
                A field with several claims lists them preferred first; with no single preferred claim it is marked \
                disputed. A field in conflict lists every candidate, numbered as `caucus resolve --pick` expects. \
                Related parties are named; one this replica lacks is marked unresolved. With --at DATE, a field \
                whose claims carry dates shows those that held then; with --at RELEASE (or a version vector file), \
                the record as it stood at that release. A name that is both a release and a date is the release. \
                Fields written by a newer version of Caucus are shown and marked unknown. The party may be \
                named by an id in another dataset, DATASET:ID, when one record links to it.

                Examples:
                  caucus show ucpa
                  caucus show wikidata:Q123
                  caucus show ucpa --at 2006
                  caucus show ucpa --at 2025.1
                  caucus show ucpa --json
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @OptionGroup var target: PartyArgument

        @Option(help: ArgumentHelp("Show what held at this date (YYYY, YYYY-MM or YYYY-MM-DD), e.g. --at 2006, or the record as it stood at a release or in a version vector file, e.g. --at 2025.1.", valueName: "date|release|vv-file"))
        var at: String?

        func execute() throws {
            guard let at else { return try Self.show(target.party, json: output.json, databasePath: global.databasePath) }
            let store = try global.openStore()
            let isRelease = try store.releases().contains { $0.name == at }
            if !isRelease && ClaimDates.isValidDate(at) {
                return try Self.show(target.party, json: output.json, at: at, databasePath: global.databasePath)
            }
            if !isRelease && PathKind(at) == .missing {
                throw CommandFailure(description: "--at takes a date (YYYY, YYYY-MM or YYYY-MM-DD), a release or a version vector file; "
                                     + StoreError.unknownRelease(at, known: try store.releases().map(\.name)).description, exitCode: ExitCodes.badInput)
            }
            let version = try VersionReference.resolve(at, in: store)
            try Self.show(target.party, json: output.json, version: version, databasePath: global.databasePath)
        }

        /// Prints `party` of the database at `databasePath`: a table, or with `json` one JSON object;
        /// with `at`, the dated claims that held then; with `version`, the record as it stood there.
        static func show(_ argument: String, json: Bool, at: String? = nil, version: VersionReference? = nil, databasePath: String) throws {
            let store = try PartyStore.open(at: databasePath)
            defer { store.closeForExit() }
            let party = try store.resolveParty(argument)
            let found = try version.map { try store.recordDetail(party, at: $0.versionVector, describedAs: $0.name) } ?? store.recordDetail(party)
            guard let detail = found else {
                _ = try store.requireParty(party)
                throw CommandFailure(description: "party \(party) did not exist at \(version?.name ?? "that version")", exitCode: ExitCodes.notFound)
            }
            let claims = ShownClaims(detail, at: at)
            let related = try ShownClaims.relatedNames(detail, store: store)
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
                    x.add("conflict", detail.state.conflicts[f.name] != nil)
                    x.add("values", raw: JSONObject.array(f.values.map(\.json)))
                    // Only where claims say more than the values: older records print as they did.
                    if let shown = claims.listed[f.name] {
                        x.add("disputed", shown.disputed)
                        x.add("claims", raw: JSONObject.array(shown.claims.map(\.json)))
                    }
                    if def?.type == .party {
                        let names = f.values.map { v in related.name(v.value.description).map { JSONText.quoted($0) } ?? "null" }
                        x.add("names", raw: "[" + names.joined(separator: ",") + "]")
                    }
                    return x.text
                }))
                if let at { o.add("at", at) }
                if let version { o.add("at_version", version.name) }
                let group = version == nil ? try store.sameParty(as: detail.id) : [detail.id]
                if group.count > 1 {
                    let all = try group.compactMap { try store.record($0) }
                    o.add("same_party", raw: JSONObject.array(group.filter { $0 != detail.id }.map(JSONText.quoted)))
                    o.add("conflicts_between_records", raw: JSONObject.array(SameParty.conflictsBetween(all).map { field in
                        var c = JSONObject()
                        c.add("field", field)
                        c.add("values", raw: JSONObject.array(all.compactMap { r in
                            r.fields[field].map { v in var x = JSONObject(); x.add("record", r.id); x.add("value", raw: v.json); return x.text }
                        }))
                        return c.text
                    }))
                }
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
            if let at { out.line(Style.dim("As it held at \(at): fields with dated claims show those that held then.")) }
            if let version { out.line(Style.dim("As it stood at \(version.name).")) }
            render(detail, claims: claims, related: related, schema: schema, at: at, to: out)
            if version == nil { try showSameParty(detail, at: at, store: store, to: out) }
        }

        /// The records that are one party with `detail`'s (rule 10 on ``SameParty``), each under its
        /// own heading, and the fields to which they give different values, as conflicts between records.
        private static func showSameParty(_ detail: RecordDetail, at: String?, store: PartyStore, to out: OutputBuffer) throws {
            let group = try store.sameParty(as: detail.id)
            guard group.count > 1 else { return }
            let others = try group.filter { $0 != detail.id }.compactMap { try store.recordDetail($0) }
            out.line("")
            out.line(Style.dim("One party with \(others.map(\.id).joined(separator: ", ")) (caucus link): their facts follow, each under its record."))
            for other in others {
                out.line("")
                out.line(Style.bold(other.id) + (other.state.fields["name"].map { "  " + $0.description } ?? ""))
                render(other, claims: ShownClaims(other, at: at), related: try ShownClaims.relatedNames(other, store: store), schema: store.schema,
                       at: at, to: out)
            }
            for field in SameParty.conflictsBetween([detail.state] + others.map(\.state)) {
                let values = ([detail] + others).compactMap { d in d.state.fields[field].map { "\(store.schema.text(of: $0, in: field)) (\(d.id))" } }
                out.line(Style.yellow("CONFLICT between records: \(field): " + values.joined(separator: " | ")))
            }
        }

        /// The table of `detail`'s fields, and its values too long for the table in full.
        private static func render(_ detail: RecordDetail, claims: ShownClaims, related: RelatedParties, schema: PartySchema, at: String?,
                                   to out: OutputBuffer) {
            let order = Dictionary(uniqueKeysWithValues: schema.fields.enumerated().map { ($1.name, $0) })
            let fields = detail.fields.sorted { (order[$0.name] ?? Int.max, $0.name) < (order[$1.name] ?? Int.max, $1.name) }
            var table = Table(["FIELD", "VALUE", "SOURCE", "AS OF", "EDITOR", "TIME (UTC)"])
            for f in fields {
                let def = schema.field(f.name)
                let label = def == nil ? f.name + " (unknown field, from a newer schema)" : f.name
                let isConflict = def.map { !$0.isSet } ?? true && f.values.count > 1 && detail.state.conflicts[f.name] != nil
                if let shown = claims.listed[f.name], !isConflict {
                    if shown.disputed {
                        table.add([label, Style.yellow("DISPUTED: \(shown.claims.count) claims, none preferred"), "", "", "", ""])
                    }
                    for (i, c) in shown.claims.enumerated() {
                        let first = i == 0 && !shown.disputed
                        table.add([first ? label : shown.disputed ? "  [\(i + 1)]" : ""] + claims.cells(c, field: f.name, related: related))
                    }
                    if shown.claims.isEmpty { table.add([label, Style.dim("(nothing dated holds at \(at ?? ""))"), "", "", "", ""]) }
                } else if isConflict {
                    table.add([label, Style.yellow("CONFLICT: \(f.values.count) candidates"), "", "", "", ""])
                    let candidates = f.values.filter { detail.state.conflicts[f.name]?.contains($0.value) ?? true }
                    for (i, v) in candidates.enumerated() { table.add(["  [\(i + 1)]"] + Self.cells(v, field: f.name, related: related)) }
                    // Claims added beside the conflict are not candidates.
                    let others = (detail.state.claims[f.name] ?? []).filter { !(detail.state.conflicts[f.name]?.contains($0.value) ?? false) }
                    for c in others.inShowOrder() { table.add(["  also claimed"] + claims.cells(c, field: f.name, related: related)) }
                } else if def?.isSet == true && f.values.count > 1 {
                    for (i, v) in f.values.enumerated() { table.add([i == 0 ? label : ""] + Self.cells(v, field: f.name, related: related)) }
                } else {
                    for v in f.values { table.add([label] + Self.cells(v, field: f.name, related: related)) }
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


        private static func cells(_ v: FactDetail, field: String, related: RelatedParties) -> [String] {
            [related.text(v.value, field: field), v.source ?? "-", v.asOf ?? "-", v.editor, Time.short(v.time)]
        }
    }
}
