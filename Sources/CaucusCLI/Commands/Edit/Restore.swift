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

        @Argument(help: ArgumentHelp("The party id, e.g. ucpa.", valueName: "party"))
        var party: String

        @Option(help: ArgumentHelp("Why, in your words, e.g. --source \"not a duplicate after all\".", valueName: "text"))
        var source: String?

        func execute() throws {
            let store = try global.openStore()
            _ = try store.requireParty(party)
            try store.applyEdits(time: now()) { w in try w.apply(Edit(party: party, action: .restore, source: source)) }
            Console.message("Restored \(party).")
        }
    }
}
