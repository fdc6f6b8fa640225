import ArgumentParser
import CaucusCore
import Foundation

extension Caucus {
    /// `caucus restore`: brings a deleted record back.
    struct Restore: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Bring back a deleted party record with all its values.",
            discussion: "Example: caucus restore ucpa"
        )

        @OptionGroup var global: GlobalOptions

        @OptionGroup var target: PartyArgument

        @OptionGroup var reason: ReasonOption<Help>

        func execute() throws {
            let store = try global.openStore()
            let party = try store.requireParty(target.party)
            try store.applyEdits(time: now()) { w in try w.apply(Edit(party: party, action: .restore, source: reason.source)) }
            Console.message("Restored \(party).")
        }

        /// What `--source` says in this command's help.
        enum Help: ReasonHelp {
            static let source = "Why, in your words, e.g. --reason \"not a duplicate after all\"."
        }
    }
}
