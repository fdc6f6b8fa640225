import ArgumentParser
import CaucusCore
import Foundation

extension Caucus {
    /// `caucus remove`: removes members from a set field.
    struct RemoveMembers: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove members from a set field of a party (ideology, member_of).",
            discussion: "Only the adds you have seen are removed; a concurrent add elsewhere wins. Example: caucus remove ucpa ideology Maoism"
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The party id, e.g. ucpa.", valueName: "party"))
        var party: String

        @Argument(help: ArgumentHelp("The set field, e.g. ideology.", valueName: "field"))
        var field: String

        @Argument(help: ArgumentHelp("The members to remove, e.g. Maoism.", valueName: "value"))
        var values: [String]

        @Option(help: ArgumentHelp("Why, in your words, e.g. --source \"2010 programme\".", valueName: "text"))
        var source: String?

        func validate() throws {
            if values.isEmpty { throw ValidationError("Name the members to remove, e.g. caucus remove \(party) \(field) Maoism.") }
        }

        func execute() throws {
            let store = try global.openStore()
            _ = try store.requireParty(party)
            let def = try store.requireField(field)
            guard def.isSet else { throw StoreError.wrongFieldKind(field: field, isSet: false) }
            let members = try store.record(party)?.sets[field] ?? []
            for v in values {
                let checked = try def.check(.text(v))
                if !members.contains(checked) {
                    let now = members.isEmpty ? "it has none" : "it has " + members.map { JSONText.quoted($0.description) }.joined(separator: ", ")
                    throw CommandFailure(description: "\(party) has no \(field) \(JSONText.quoted(v)); \(now)", exitCode: ExitCodes.notFound)
                }
            }
            try store.applyEdits(time: now()) { writer in
                for v in values { try writer.apply(Edit(party: party, field: field, action: .remove(.text(v)), source: source)) }
            }
            Console.message("Removed \(values.count) member\(values.count == 1 ? "" : "s") from \(field) of \(party).")
        }
    }
}
