import ArgumentParser
import CaucusCore

extension Caucus.Release {
    /// `caucus release list`.
    struct List: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the releases, oldest first: name, editor, time, operations, records, conflicts and note.",
            discussion: """
                Two releases of one name made without seeing each other are both listed, marked as a conflict. \
                With --json, one object per release: name, editor, replica, time, note, operations, records, \
                conflicts, version_vector, and in_conflict.

                Examples:
                  caucus release list
                  caucus release list --json
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func execute() throws {
            let entries = try global.openStore().releases()
            if output.json {
                let out = OutputBuffer()
                for entry in entries {
                    for c in entry.candidates {
                        var o = JSONObject()
                        o.add("name", entry.name)
                        o.add("editor", c.editor)
                        o.add("replica", c.replica.rawValue)
                        o.add("time", Time.iso(c.time))
                        o.add("note", c.release.note)
                        o.add("operations", c.release.versionVector.operationCount)
                        o.add("records", c.release.recordCount)
                        o.add("conflicts", c.release.conflictCount)
                        o.add("version_vector", raw: c.release.versionVector.json)
                        o.add("in_conflict", entry.isInConflict)
                        out.line(o.text)
                    }
                }
                out.flush()
                return
            }
            if entries.isEmpty {
                Console.message("No releases yet; name one with `caucus release create NAME`.")
                return
            }
            var table = Table(["RELEASE", "EDITOR", "TIME (UTC)", "OPERATIONS", "RECORDS", "CONFLICTS", "NOTE"])
            for entry in entries {
                for c in entry.candidates {
                    table.add([entry.isInConflict ? Style.yellow(entry.name + " (conflict)") : entry.name, c.editor, Time.short(c.time),
                               String(c.release.versionVector.operationCount), String(c.release.recordCount),
                               String(c.release.conflictCount), c.release.note ?? ""])
                }
            }
            for line in table.render() { Out.line(line) }
            let conflicted = entries.filter(\.isInConflict).map(\.name)
            if !conflicted.isEmpty {
                Console.message("\(conflicted.joined(separator: ", ")): releases of one name made without seeing each other; "
                                + "settle with `caucus release create NAME --force`.")
            }
        }
    }
}
