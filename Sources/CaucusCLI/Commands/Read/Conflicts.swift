import ArgumentParser
import CaucusCore
import Foundation

extension Caucus {
    /// `caucus conflicts`: what waits to be settled.
    struct Conflicts: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "conflicts",
            abstract: "List every field in conflict and every record deleted while someone edited it.",
            discussion: """
                Candidates are numbered in the same order on every replica; settle one with `caucus resolve`. \
                Exits with 2 when any conflict remains and 0 when there is none, so scripts can check.

                Examples:
                  caucus conflicts
                  caucus conflicts --json
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: ArgumentHelp("Only this party's conflicts, e.g. ucpa.", valueName: "party"))
        var party: String?

        func execute() throws {
            let store = try global.openStore()
            if let party { _ = try store.requireParty(party) }
            let all = try store.conflicts().filter { party == nil || $0.party == party }
            let betweenRecords = try store.conflictsBetweenLinkedRecords().filter { party == nil || $0.group.contains(party!) }
            if output.json {
                for c in betweenRecords {
                    var o = JSONObject()
                    o.add("party", c.group[0])
                    o.add("field", c.field)
                    o.add("kind", "records")
                    o.add("records", raw: JSONObject.array(c.group.map(JSONText.quoted)))
                    o.add("candidates", raw: JSONObject.array(c.values.map { v in
                        var x = JSONObject(); x.add("record", v.record); x.add("value", raw: v.value.json); return x.text
                    }))
                    Out.line(o.text)
                }
            }
            if output.json {
                for c in all {
                    var o = JSONObject()
                    o.add("party", c.party)
                    o.add("field", c.field)
                    let dataset = c.party == DatasetRecord.id
                    let kind = c.field == nil ? "delete" : dataset && DatasetRecord.definedFieldName(field: c.field!) != nil ? "schema"
                        : dataset ? "release" : c.isRankConflict ? "rank" : "field"
                    o.add("kind", kind)
                    o.add("candidates", raw: JSONObject.array(c.candidates.map(\.json)))
                    Out.line(o.text)
                }
            } else if all.isEmpty && betweenRecords.isEmpty {
                Console.message("No conflicts.")
            } else {
                var table = Table(["PARTY", "FIELD", "#", "VALUE", "SOURCE", "AS OF", "EDITOR", "TIME (UTC)"])
                for c in all {
                    if c.field == nil {
                        for d in c.candidates {
                            table.add([c.party, "(record)", "", Style.red("deleted"), d.source ?? "-", "-", d.editor, Time.short(d.time)])
                        }
                        table.add(["", "", "", "edited without seeing the delete", "", "", "", ""])
                        continue
                    }
                    if c.party == DatasetRecord.id, let name = DatasetRecord.releaseName(field: c.field!) {
                        for (i, d) in c.candidates.enumerated() {
                            let release = try? CaucusCore.Release(name: name, value: d.value)
                            let shown = release.map { "\($0.versionVector.operationCount) operations" + ($0.note.map { ", " + $0 } ?? "") } ?? d.value.json
                            table.add([i == 0 ? "(release)" : "", i == 0 ? name : "", "[\(i + 1)]", shown, "-", "-", d.editor, Time.short(d.time)])
                        }
                        continue
                    }
                    if c.party == DatasetRecord.id, let name = DatasetRecord.definedFieldName(field: c.field!) {
                        for (i, d) in c.candidates.enumerated() {
                            let shown = (try? FieldDefinition(name: name, value: d.value)).map(FieldArguments.summary) ?? d.value.json
                            table.add([i == 0 ? "(schema)" : "", i == 0 ? name : "", "[\(i + 1)]", shown, "-", "-", d.editor, Time.short(d.time)])
                        }
                        continue
                    }
                    for (i, d) in c.candidates.enumerated() {
                        let shown = store.schema.text(of: d.value, in: c.field!)
                        let value = c.isRankConflict ? "\(shown) ranked \(d.rank?.name ?? "?")" : shown
                        table.add([i == 0 ? c.party : "", i == 0 ? c.field! : "", "[\(i + 1)]", value,
                                   d.source ?? "-", d.dates.text ?? "-", d.editor, Time.short(d.time)])
                    }
                }
                for c in betweenRecords {
                    for (i, v) in c.values.enumerated() {
                        table.add([i == 0 ? "(records)" : "", i == 0 ? c.field : "", "[\(i + 1)]", store.schema.text(of: v.value, in: c.field),
                                   "-", "-", "in " + v.record, ""])
                    }
                }
                table.print()
                let count = all.count + betweenRecords.count
                Console.message("\(count) conflict\(count == 1 ? "" : "s"). Settle with: caucus resolve PARTY FIELD --pick N (or a new value); caucus resolve PARTY --restore|--delete; a rank conflict with caucus rank PARTY FIELD VALUE RANK; a release with caucus release create NAME --force; a field's definition with caucus field add NAME …; records of one party with caucus set on one of them, or caucus unlink")
            }
            if !all.isEmpty || !betweenRecords.isEmpty { throw ExitCode(ExitCodes.conflictsRemain) }
        }
    }
}
