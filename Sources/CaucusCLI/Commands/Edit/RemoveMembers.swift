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

        @OptionGroup var target: SetFieldArguments

        @Argument(help: ArgumentHelp("The members to remove, e.g. Maoism.", valueName: "value"))
        var values: [String]

        @OptionGroup var reason: ReasonOption<Help>

        func validate() throws {
            if values.isEmpty { throw ValidationError("name the members to remove, e.g. caucus remove \(target.party) \(target.field) Maoism") }
        }

        func execute() throws {
            let store = try global.openStore()
            let party = try store.requireParty(target.party)
            let def = try store.requireField(target.field)
            guard def.isSet else { throw StoreError.wrongFieldKind(field: target.field, isSet: false) }
            let members = try store.record(party)?.sets[target.field] ?? []
            for v in values {
                let checked = try def.check(.text(v))
                if !members.contains(checked) {
                    let now = members.isEmpty ? "it has none" : "it has " + members.map { JSONText.quoted($0.description) }.joined(separator: ", ")
                    throw CommandFailure(description: "\(party) has no \(target.field) \(JSONText.quoted(v)); \(now)", exitCode: ExitCodes.notFound)
                }
            }
            try store.applyEdits(time: now()) { writer in
                for v in values { try writer.apply(Edit(party: party, field: target.field, action: .remove(.text(v)), source: reason.source)) }
            }
            Console.message("Removed \(values.count) member\(values.count == 1 ? "" : "s") from \(target.field) of \(party).")
        }

        /// What `--source` says in this command's help.
        enum Help: ReasonHelp {
            static let source = "Why, in your words, e.g. --reason \"2010 programme\"."
        }
    }
}
