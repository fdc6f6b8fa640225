import ArgumentParser
import CaucusCore
import Foundation

extension Caucus {
    /// `caucus add`: adds members to a set field.
    struct AddMembers: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add members to a set field of a party (ideology, member_of).",
            discussion: """
                Sets are add-wins: when one editor adds a member and another concurrently removes it, it stays.

                Example: caucus add ucpa ideology Communism Marxism-Leninism --source "party programme"
                """
        )

        @OptionGroup var global: GlobalOptions

        @OptionGroup var target: SetFieldArguments

        @Argument(help: ArgumentHelp("The members to add, e.g. Communism.", valueName: "value"))
        var values: [String]

        @OptionGroup var provenance: ProvenanceOptions<Help>

        func validate() throws {
            if values.isEmpty { throw ValidationError("name the members to add, e.g. caucus add \(target.party) \(target.field) Communism") }
        }

        func execute() throws {
            let store = try global.openStore()
            let party = try store.requireParty(target.party)
            _ = try store.requireField(target.field)
            try store.applyEdits(time: now()) { writer in
                for v in values { try writer.apply(Edit(party: party, field: target.field, action: .add(.text(v)), source: provenance.source, asOf: provenance.asOf)) }
            }
            Console.message("Added \(values.count) member\(values.count == 1 ? "" : "s") to \(target.field) of \(party).")
        }

        /// What `--source` and `--as-of` say in this command's help.
        enum Help: ProvenanceHelp {
            static let source = "Where the facts come from, e.g. --source \"party programme\"."
            static let asOf = "The date they hold for: YYYY, YYYY-MM or YYYY-MM-DD, e.g. --as-of 2005."
        }
    }
}
