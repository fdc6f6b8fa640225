import ArgumentParser
import CaucusCore

extension Caucus {
    /// `caucus link A B --same`: records that two records describe one party.
    struct Link: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "link",
            abstract: "Record that two records describe the same party (--same), e.g. one loaded from each of two datasets.",
            discussion: """
                Each record's same_as field gets the other. Reads then show them as one party (`caucus show` \
                lists every record's facts with its record of origin, and marks a field to which they give \
                different values as a conflict between records); each record keeps its own facts. Links chain: \
                A with B and B with C is one party. It is an edit like any other: concurrent links and unlinks \
                converge, a link made while another editor unlinked stands. `caucus unlink A B` takes it back.

                A record may be named by an id in another dataset, DATASET:ID, when one record links to it.

                Examples:
                  caucus link pf-1993 pg-123 --same --source "same ParlGov id in Party Facts"
                  caucus link pf-1993 parlgov:1760 --same
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The first record, e.g. pf-1993, or DATASET:ID, e.g. parlgov:1760.", valueName: "a"))
        var a: String

        @Argument(help: ArgumentHelp("The second record, e.g. pg-123, or DATASET:ID.", valueName: "b"))
        var b: String

        @Flag(help: "The two records describe the same party (the only link there is).")
        var same = false

        @OptionGroup var provenance: ProvenanceOptions<Help>

        func validate() throws {
            if !same { throw ValidationError("say what the link is: caucus link \(a) \(b) --same") }
            if a == b { throw ValidationError("a record is the same party as itself already") }
        }

        func execute() throws {
            let store = try global.openStore()
            let a = try store.requireParty(self.a), b = try store.requireParty(self.b)
            if a == b { throw ValidationError("\(self.a) and \(self.b) are one record, \(a)") }
            try store.applyEdits(time: now()) { writer in
                for (from, to) in [(a, b), (b, a)] {
                    try writer.apply(Edit(party: from, field: SameParty.field, action: .add(.text(to)), source: provenance.source, asOf: provenance.asOf))
                }
            }
            let group = try store.sameParty(as: a)
            Console.message("Linked \(a) and \(b): \(group.count == 2 ? "one party" : "one party of \(group.count) records: " + group.joined(separator: ", ")).")
        }

        /// What `--source` and `--as-of` say in this command's help.
        enum Help: ProvenanceHelp {
            static let source = "Why they are one party, e.g. --source \"same ParlGov id\"."
            static let asOf = "The date it holds for: YYYY, YYYY-MM or YYYY-MM-DD, e.g. --as-of 2024."
        }
    }

    /// `caucus unlink A B`: takes back a link.
    struct Unlink: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "unlink",
            abstract: "Take back that two records describe the same party.",
            discussion: """
                Removes each from the other's same_as, as this replica holds them; a link another editor made \
                without seeing this unlink stands. Records still linked through a third stay one party.

                Example:
                  caucus unlink pf-1993 pg-123
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The first record.", valueName: "a"))
        var a: String

        @Argument(help: ArgumentHelp("The second record.", valueName: "b"))
        var b: String

        func execute() throws {
            let store = try global.openStore()
            let a = try store.resolveParty(self.a), b = try store.resolveParty(self.b)
            let records = try [a, b].map { id -> RecordState in
                _ = try store.requireParty(id)
                return try store.record(id)!
            }
            let linked = [(records[0], b), (records[1], a)].filter { SameParty.links(of: $0.0).contains($0.1) }
            guard !linked.isEmpty else {
                throw CommandFailure(description: "\(a) and \(b) are not linked", exitCode: ExitCodes.notFound)
            }
            try store.applyEdits(time: now()) { writer in
                for (record, other) in linked {
                    try writer.apply(Edit(party: record.id, field: SameParty.field, action: .remove(.text(other))))
                }
            }
            let group = try store.sameParty(as: a)
            Console.message("Unlinked \(a) and \(b)" + (group.contains(b) ? "; they are still one party through " + group.filter { $0 != a && $0 != b }.joined(separator: ", ") : "") + ".")
        }
    }
}
