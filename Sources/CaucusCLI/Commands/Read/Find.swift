import ArgumentParser
import CaucusCore

extension Caucus {
    /// `caucus find DATASET:ID`: the records an id in another dataset links to.
    struct Find: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "find",
            abstract: "Find the records an id in another dataset links to, e.g. wikidata:Q123.",
            discussion: """
                DATASET is an external-id field (`caucus field add wikidata --type external-id`), ID an id in it, \
                checked against the field's form. Every record whose field holds the id is listed, with its name \
                and whether the link is primary (ranked preferred) or secondary: Party Facts links each dataset \
                id to one record, so two records listed is a link to look at. Exit 4 when none has it. With \
                --json, one object per record: id, name, field, value, primary.

                Examples:
                  caucus find wikidata:Q123
                  caucus find parlgov:1760 --json
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: ArgumentHelp("DATASET:ID, e.g. wikidata:Q123 or parlgov:1760.", valueName: "dataset:id"))
        var reference: String

        func execute() throws {
            let store = try global.openStore()
            let (field, value, ids) = try store.records(linkedBy: reference)
            guard !ids.isEmpty else { throw PartyStore.noRecord(field, value) }
            var rows: [(id: String, name: String?, primary: Bool)] = []
            for id in ids {
                let detail = try store.recordDetail(id)
                let claim = detail?.state.claims[field]?.first { $0.value == value }
                rows.append((id, detail?.state.fields["name"].map(\.description), claim?.rank == .preferred))
            }
            if output.json {
                let out = OutputBuffer()
                for r in rows {
                    var o = JSONObject()
                    o.add("id", r.id)
                    o.add("name", r.name)
                    o.add("field", field)
                    o.add("value", raw: value.json)
                    o.add("primary", r.primary)
                    out.line(o.text)
                }
                out.flush()
                return
            }
            var table = Table(["PARTY", "NAME", "LINK"])
            for r in rows { table.add([r.id, r.name ?? "-", r.primary ? "primary" : "secondary"]) }
            for line in table.render() { Out.line(line) }
            if rows.count > 1 { Console.message("\(field) \(value.description) links \(rows.count) records; a dataset id usually links one.") }
        }
    }
}
