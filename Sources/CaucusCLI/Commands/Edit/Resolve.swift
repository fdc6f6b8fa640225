import ArgumentParser
import CaucusCore
import Foundation

extension Caucus {
    /// `caucus resolve`: settles a conflict with an ordinary edit.
    struct Resolve: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "resolve",
            abstract: "Settle a conflict: pick a candidate or give a new value; or keep or delete a record deleted while edited.",
            discussion: """
                The settlement is an ordinary change that supersedes every candidate you see, and it syncs like any \
                other: export it and the others settle too. Candidates are numbered as `caucus show` and \
                `caucus conflicts` list them. A picked candidate keeps its source and as-of date unless you give new ones.

                Examples:
                  caucus resolve ucpa membership --pick 2
                  caucus resolve ucpa membership 6000 --source "2006 party congress" --as-of 2006
                  caucus resolve ucpa --restore
                """
        )

        @OptionGroup var global: GlobalOptions

        @OptionGroup var target: PartyArgument

        @Argument(help: ArgumentHelp("The field in conflict, e.g. membership; leave out with --restore or --delete.", valueName: "field"))
        var field: String?

        @Argument(help: ArgumentHelp("A new value to settle on, e.g. 6000 (instead of --pick).", valueName: "value"))
        var value: String?

        @Option(help: ArgumentHelp("The candidate to keep, by its number in `caucus show`, e.g. --pick 2.", valueName: "n"))
        var pick: Int?

        @Flag(help: ArgumentHelp("Keep a record that was deleted while someone edited it. Example: caucus resolve ucpa --restore."))
        var restore = false

        @Flag(help: ArgumentHelp("Delete again a record that was edited while being deleted. Example: caucus resolve ucpa --delete."))
        var delete = false

        @OptionGroup var provenance: ProvenanceOptions<Help>

        func validate() throws {
            if restore && delete { throw ValidationError("give --restore or --delete, not both") }
            if restore || delete {
                if field != nil || pick != nil { throw ValidationError("--restore and --delete settle the record; give no field or --pick") }
            } else {
                guard field != nil else {
                    throw ValidationError("name the field to settle (caucus resolve \(target.party) FIELD --pick N), or give --restore or --delete for a deleted record")
                }
                if pick != nil && value != nil { throw ValidationError("give --pick N or a new value, not both") }
                if let pick, pick < 1 { throw ValidationError("--pick counts from 1") }
            }
        }

        func execute() throws {
            let store = try global.openStore()
            let party = try store.requireParty(target.party)
            guard let detail = try store.recordDetail(party) else { return }
            if restore || delete {
                guard detail.deleteConflict else {
                    throw CommandFailure(description: detail.deleted
                        ? "\(party) is deleted but not in conflict; use `caucus restore \(party)` to bring it back"
                        : "\(party) is not deleted; only a record deleted while edited is settled with --restore or --delete",
                        exitCode: ExitCodes.badInput)
                }
                try store.applyEdits(time: now()) { w in
                    try w.apply(Edit(party: party, action: restore ? .restore : .delete, source: provenance.source))
                }
                Console.message(restore ? "Kept \(party): it is restored with every edit." : "Deleted \(party) again, edits included.")
                Console.message("Export to share the settlement.")
                return
            }
            let field = field!
            let def = try store.requireField(field)
            // The candidates `show` numbers: a conflict's values, not the claims added beside them.
            let candidates = (detail.fields.first(where: { $0.name == field })?.values ?? [])
                .filter { detail.state.conflicts[field]?.contains($0.value) ?? false }
            guard !def.isSet, candidates.count > 1 else {
                throw CommandFailure(description: def.isSet
                    ? "\(field) is a set field and sets never conflict; use caucus add or caucus remove"
                    : "\(field) of \(party) is not in conflict; use `caucus set \(party) \(field) VALUE` to change it, or `caucus rank` to prefer one of its claims",
                    exitCode: ExitCodes.badInput)
            }
            var chosen: FactValue
            var keptSource = provenance.source, keptAsOf = provenance.asOf
            if let pick {
                guard pick <= candidates.count else {
                    throw CommandFailure(description: "--pick \(pick): \(field) of \(party) has \(candidates.count) candidates, numbered 1 to \(candidates.count)", exitCode: ExitCodes.badInput)
                }
                chosen = candidates[pick - 1].value
            } else if let value {
                chosen = try def.check(.text(value))
            } else {
                let list = candidates.enumerated().map { "[\($0.offset + 1)] \($0.element.value.description) (\($0.element.editor)\($0.element.source.map { ", " + $0 } ?? ""))" }
                throw CommandFailure(description: "\(field) of \(party) has candidates \(list.joined(separator: " ")); give --pick N or a new value", exitCode: ExitCodes.badInput)
            }
            if let same = candidates.first(where: { $0.value == chosen }) {
                keptSource = keptSource ?? same.source
                keptAsOf = keptAsOf ?? same.asOf
                chosen = same.value
            }
            try store.applyEdits(time: now()) { w in
                try w.apply(Edit(party: party, field: field, action: .set(chosen), source: keptSource, asOf: keptAsOf))
            }
            Console.message("Resolved \(field) of \(party): \(chosen.description)\(keptSource.map { " (\($0))" } ?? ""). Export to share the settlement.")
        }

        /// What `--source` and `--as-of` say in this command's help.
        enum Help: ProvenanceHelp {
            static let source = "The source of the settled value, e.g. --source \"party congress\"."
            static let asOf = "The date the settled value holds for: YYYY, YYYY-MM or YYYY-MM-DD, e.g. --as-of 2006."
        }
    }
}
