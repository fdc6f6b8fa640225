import ArgumentParser
import CaucusCore
import Foundation

extension Caucus {
    /// `caucus set`: writes facts.
    struct SetFacts: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Set one field of a party, or create a party with several fields at once.",
            discussion: """
                Give one field and its value, or several FIELD=VALUE pairs. Values are checked against the party \
                schema; a set field (ideology, member_of) given here gets the value added, as with `caucus add`. \
                --source, --as-of, --start, --end and --note are kept with every value written. `set` replaces \
                every claim of the field you hold with this one; `caucus claim` adds one beside them. A party that does not exist yet is only \
                created with --new, so a mistyped id never starts a new record by accident.

                Fields: \(FieldHelp.list).

                Examples:
                  caucus set ucpa membership 7000 --source "party's own figure" --as-of 2005
                  caucus set ucpa --new name="United Communist Party of Azerbaijan" country=AZE founded=1993
                """
        )

        @OptionGroup var global: GlobalOptions

        @OptionGroup var target: PartyArgument

        @Argument(help: ArgumentHelp("FIELD VALUE, or one or more FIELD=VALUE pairs, e.g. membership 7000 or founded=1993 registered=1995.", valueName: "field-and-value"))
        var assignments: [String]

        @OptionGroup var provenance: ProvenanceOptions<Help>
        @OptionGroup var claim: ClaimOptions

        @Flag(help: ArgumentHelp("Create the party; refused when it exists already. Example: caucus set ucpa --new name=\"United Communist Party of Azerbaijan\"."))
        var new = false

        func validate() throws {
            if assignments.isEmpty { throw ValidationError("give a field and a value, e.g. caucus set \(target.party) membership 7000") }
        }

        /// The (field, value) pairs the arguments name.
        static func pairs(_ assignments: [String], party: String) throws -> [(String, String)] {
            if assignments.count == 2, !assignments[0].contains("=") { return [(assignments[0], assignments[1])] }
            return try assignments.map { a in
                guard let eq = a.firstIndex(of: "="), eq != a.startIndex else {
                    if assignments.count == 1 {
                        throw CommandFailure(description: "missing value for \(JSONText.quoted(a)): write caucus set \(party) \(a) VALUE", exitCode: ExitCodes.badInput)
                    }
                    throw CommandFailure(description: "expected FIELD=VALUE, got \(JSONText.quoted(a))", exitCode: ExitCodes.badInput)
                }
                return (String(a[..<eq]), String(a[a.index(after: eq)...]))
            }
        }

        func execute() throws {
            let store = try global.openStore()
            // An existing record may be named by an id in another dataset; a new one has its own id.
            let party = new ? target.party : try store.resolveParty(target.party)
            if !PartySchema.isValidPartyID(party), PartySchema.isValidPartyID(party.lowercased()) {
                throw CommandFailure(description: "\(JSONText.quoted(party)) is not a valid party id: ids are lower case; did you mean \(JSONText.quoted(party.lowercased()))?", exitCode: ExitCodes.badInput)
            }
            let pairs = try Self.pairs(assignments, party: party)
            let exists = try store.record(party) != nil
            if new && exists {
                throw CommandFailure(description: "party \(party) already exists; drop --new to change it", exitCode: ExitCodes.badInput)
            }
            if !new && !exists {
                guard PartySchema.isValidPartyID(party) else { throw StoreError.invalidPartyID(party) }
                let hint = try store.partySuggestions(for: party)
                let message = hint.isEmpty
                    ? "no party \(JSONText.quoted(party)); to create it, add --new"
                    : "no party \(JSONText.quoted(party)); did you mean " + hint.map { JSONText.quoted($0) }.joined(separator: " or ") + "? To create \(party), add --new"
                throw CommandFailure(description: message, exitCode: ExitCodes.notFound)
            }
            var edits: [Edit] = []
            let current = try store.recordDetail(party)
            var unchanged: [String] = []
            for (field, value) in pairs {
                let def = try store.requireField(field)
                let checked = try def.check(.text(value))
                // A value already there, from the same source and date, is not written again.
                let have = current?.fields.first(where: { $0.name == def.name })?.values ?? []
                let same = have.filter {
                    (try? def.check($0.value)) == checked && $0.source == provenance.source && $0.asOf == provenance.asOf
                        && $0.start == claim.start && $0.end == claim.end && $0.note == claim.note
                }
                if !same.isEmpty && (def.isSet || (have.count == 1 && current?.heads[def.name]?.count == 1)) { unchanged.append(def.name); continue }
                let action: Edit.Action = def.isSet ? .add(checked) : .set(checked)
                edits.append(Edit(party: party, field: field, action: action, source: provenance.source, asOf: provenance.asOf,
                                  start: claim.start, end: claim.end, note: claim.note))
            }
            if edits.isEmpty {
                Console.message("Nothing changed: \(party) already has \(unchanged.count == 1 ? "that value" : "those values").")
                return
            }
            let summary = try store.applyEdits(time: now()) { writer in for e in edits { try writer.apply(e) } }
            defer {
                if summary.settledConflicts > 0 {
                    Console.message("This settles \(summary.settledConflicts == 1 ? "a conflict" : "\(summary.settledConflicts) conflicts"); export to share it.")
                }
            }
            if new {
                Console.message("Created party \(party) with \(edits.count) value\(edits.count == 1 ? "" : "s").")
            } else if pairs.count == 1 {
                let v = try store.record(party)
                let shown = v?.fields[pairs[0].0]?.description ?? pairs[0].1
                Console.message("Set \(pairs[0].0) of \(party) to \(shown).")
            } else {
                Console.message("Set \(plural(edits.count, "value")) of \(party)." + (unchanged.isEmpty ? "" : " Unchanged: \(unchanged.joined(separator: ", "))."))
            }
        }

        /// What `--source` and `--as-of` say in this command's help.
        enum Help: ProvenanceHelp {
            static let source = "Where the facts come from, in your words, e.g. --source \"party's own figure\"."
            static let asOf = "The date the facts hold for: YYYY, YYYY-MM or YYYY-MM-DD, e.g. --as-of 2005."
        }
    }
}
