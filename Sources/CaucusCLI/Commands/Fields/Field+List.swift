import ArgumentParser
import CaucusCore

extension Caucus.Field {
    /// `caucus field list`.
    struct List: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the schema in force: every field, its type and kind, and where it came from.",
            discussion: """
                The built-in fields first, in the schema file's order, then the team's, by name. A team field \
                shows the editor and time of its definition; two definitions made without seeing each other are \
                both listed, marked as a conflict. With --json, one object per field (per definition, for a \
                conflict): name, type, set, claims, choices, pattern, max_length, help, deprecated, origin \
                ("built-in" or "team"), editor, time, and in_conflict.

                Examples:
                  caucus field list
                  caucus field list --json
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func execute() throws {
            let entries = try global.openStore().fields()
            // One row per field, and per definition of a field in conflict.
            let rows: [(FieldEntry, FieldDefinition, FieldEntry.Candidate?)] = entries.flatMap { entry in
                entry.isBuiltIn ? [(entry, entry.definition, nil)] : entry.candidates.map { (entry, $0.definition, $0) }
            }
            if output.json {
                let out = OutputBuffer()
                for (entry, d, c) in rows {
                    var o = JSONObject()
                    o.add("name", d.name)
                    o.add("type", d.type.rawValue)
                    o.add("set", d.isSet)
                    o.add("claims", d.takesClaims)
                    o.add("choices", raw: JSONObject.array(d.choices.map(JSONText.quoted)))
                    o.add("pattern", d.pattern)
                    o.add("max_length", d.maxLength)
                    o.add("help", d.help)
                    o.add("deprecated", d.isDeprecated)
                    o.add("origin", entry.isBuiltIn ? "built-in" : "team")
                    o.add("editor", c?.editor)
                    o.add("time", c.map { Time.iso($0.time) })
                    o.add("in_conflict", entry.isInConflict)
                    out.line(o.text)
                }
                out.flush()
                return
            }
            var table = Table(["FIELD", "TYPE", "ORIGIN", "HELP"])
            for (entry, d, c) in rows {
                let name = entry.isInConflict ? Style.yellow(d.name + " (conflict)") : d.name
                let origin = c.map { "\($0.editor), \(Time.short($0.time))" } ?? "built-in"
                table.add([name, FieldArguments.summary(d), origin, d.help])
            }
            for line in table.render() { Out.line(line) }
            let conflicted = entries.filter(\.isInConflict).map(\.definition.name)
            if !conflicted.isEmpty {
                Console.message("\(conflicted.joined(separator: ", ")): defined differently by editors who had not seen each other's "
                                + "definition; settle with `caucus field add NAME …` and the definition to keep.")
            }
        }
    }
}
