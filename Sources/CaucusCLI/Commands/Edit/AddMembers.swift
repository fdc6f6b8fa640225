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

        @Argument(help: ArgumentHelp("The party id, e.g. ucpa.", valueName: "party"))
        var party: String

        @Argument(help: ArgumentHelp("The set field, e.g. ideology.", valueName: "field"))
        var field: String

        @Argument(help: ArgumentHelp("The members to add, e.g. Communism.", valueName: "value"))
        var values: [String]

        @Option(help: ArgumentHelp("Where the facts come from, e.g. --source \"party programme\".", valueName: "text"))
        var source: String?

        @Option(name: .customLong("as-of"), help: ArgumentHelp("The date they hold for: YYYY, YYYY-MM or YYYY-MM-DD, e.g. --as-of 2005.", valueName: "date"))
        var asOf: String?

        func validate() throws {
            if values.isEmpty { throw ValidationError("Name the members to add, e.g. caucus add \(party) \(field) Communism.") }
        }

        func execute() throws {
            let store = try global.openStore()
            _ = try store.requireParty(party)
            _ = try store.requireField(field)
            try store.applyEdits(time: now()) { writer in
                for v in values { try writer.apply(Edit(party: party, field: field, action: .add(.text(v)), source: source, asOf: asOf)) }
            }
            Console.message("Added \(values.count) member\(values.count == 1 ? "" : "s") to \(field) of \(party).")
        }
    }
}
