import ArgumentParser
import CaucusCore
import Foundation

extension Caucus {
    /// `caucus clear`: removes a field's values.
    struct Clear: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "clear",
            abstract: "Clear fields of a party: their values (every member, for a set field) are removed.",
            discussion: """
                The values stay in the history. A value another editor writes concurrently survives the clear.

                Example: caucus clear ucpa newspaper
                """
        )

        @OptionGroup var global: GlobalOptions

        @OptionGroup var target: PartyArgument

        @Argument(help: ArgumentHelp("The fields to clear, e.g. newspaper.", valueName: "field"))
        var fields: [String]

        @OptionGroup var reason: ReasonOption<Help>

        func validate() throws {
            if fields.isEmpty { throw ValidationError("name the field to clear, e.g. caucus clear \(target.party) newspaper") }
        }

        func execute() throws {
            let store = try global.openStore()
            let party = try store.requireParty(target.party)
            for f in fields { _ = try store.requireField(f) }
            try store.applyEdits(time: now()) { writer in
                for f in fields { try writer.apply(Edit(party: party, field: f, action: .clear, source: reason.source)) }
            }
            Console.message("Cleared \(fields.joined(separator: ", ")) of \(party).")
        }

        /// What `--source` says in this command's help.
        enum Help: ReasonHelp {
            static let source = "Why, in your words, e.g. --reason \"newspaper closed in 2010\"."
        }
    }
}
