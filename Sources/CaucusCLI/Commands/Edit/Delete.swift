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

                Example: caucus delete ucpa --source "duplicate of pf-1234"
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The party id, e.g. ucpa.", valueName: "party"))
        var party: String

        @Option(help: ArgumentHelp("Why, in your words, e.g. --source \"duplicate of pf-1234\".", valueName: "text"))
        var source: String?

        func execute() throws {
            let store = try global.openStore()
            _ = try store.requireParty(party)
            try store.applyEdits(time: now()) { w in try w.apply(Edit(party: party, action: .delete, source: source)) }
            Console.message("Deleted \(party). Undo with: caucus restore \(party)")
        }
    }
}
