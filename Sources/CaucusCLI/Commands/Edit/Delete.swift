import ArgumentParser
import CaucusCore
import Foundation

extension Caucus {
    /// `caucus delete`: deletes a record (a tombstone).
    struct Delete: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete a party record; its history is kept and `caucus restore` brings it back.",
            discussion: """
                When another editor edits the record without having seen the delete, the record is flagged as a \
                delete-vs-edit conflict for someone to settle with `caucus resolve PARTY --restore` or `--delete`.

                Example: caucus delete ucpa --reason "duplicate of pf-1234"
                """
        )

        @OptionGroup var global: GlobalOptions

        @OptionGroup var target: PartyArgument

        @OptionGroup var reason: ReasonOption<Help>

        func execute() throws {
            let store = try global.openStore()
            let party = try store.requireParty(target.party)
            try store.applyEdits(time: now()) { w in try w.apply(Edit(party: party, action: .delete, source: reason.source)) }
            Console.message("Deleted \(party). Undo with: caucus restore \(party)")
        }

        /// What `--source` says in this command's help.
        enum Help: ReasonHelp {
            static let source = "Why, in your words, e.g. --reason \"duplicate of pf-1234\"."
        }
    }
}
