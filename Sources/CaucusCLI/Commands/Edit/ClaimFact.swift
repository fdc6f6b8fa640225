import ArgumentParser
import CaucusCore

extension Caucus {
    /// `caucus claim`: adds a claim beside the standing ones.
    struct ClaimFact: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "claim",
            abstract: "Add a claim to a field of a party, beside the claims that stand: a value with its source and dates.",
            discussion: """
                Unlike `set`, a claim replaces nothing: two sources that disagree are both kept, and the field is \
                shown as disputed until one claim is ranked preferred (`caucus rank`). The same value and dates \
                claimed from another source is one claim with both sources. Claims with dates form a series: \
                `caucus show PARTY --at 2006` gives what held then.

                Examples:
                  caucus claim ucpa leader "Sayad Sayadov" --source "Justice Ministry register" --note "the registered party"
                  caucus claim ucpa leader "Rauf Gurbanov" --start 1998 --source "1998 congress"
                  caucus claim ucpa membership 5000 --as-of 2005 --source "press estimate"
                  caucus claim ucpa election_result '{"election":"2005 parliamentary","year":2005,"constituency":"District 12","share":8.3,"place":2}'
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: ClaimArguments
        @OptionGroup var provenance: ProvenanceOptions<Help>
        @OptionGroup var claim: ClaimOptions

        func execute() throws {
            let store = try global.openStore()
            let party = try store.requireParty(target.party)
            _ = try store.requireField(target.field)
            try store.applyEdits(time: now()) { writer in
                try writer.apply(Edit(party: party, field: target.field, action: .claim(try ValueArgument.value(target.value, field: target.field, schema: store.schema)),
                                      source: provenance.source, asOf: provenance.asOf, start: claim.start, end: claim.end, note: claim.note))
            }
            let record = try store.record(party)
            let count = record?.claims[target.field]?.count ?? 1
            let disputed = record?.isDisputed(target.field) ?? false
            Console.message("Claimed \(target.field) of \(party): \(plural(count, "claim")) now stand" + (count == 1 ? "s" : "")
                            + (disputed ? "; the field is disputed until one is ranked preferred." : "."))
        }

        /// What `--source` and `--as-of` say in this command's help.
        enum Help: ProvenanceHelp {
            static let source = "Where the claim comes from, e.g. --source \"party's own figure\"."
            static let asOf = "The date the claim holds at: YYYY, YYYY-MM or YYYY-MM-DD, e.g. --as-of 2005."
        }
    }

    /// `caucus retract`: removes one claim.
    struct Retract: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "retract",
            abstract: "Retract a claim of a field: the one with this value and these dates.",
            discussion: """
                Give the dates the claim has, so that the right one of a series is retracted. A retract removes only \
                what this replica holds: the same claim made again elsewhere, concurrently, stays.

                Example: caucus retract ucpa membership 5000 --as-of 2005
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: ClaimArguments
        @OptionGroup var dates: ClaimDateOptions

        func execute() throws {
            let store = try global.openStore()
            let party = try store.requireParty(target.party)
            _ = try store.requireField(target.field)
            try store.applyEdits(time: now()) { writer in
                try writer.apply(Edit(party: party, field: target.field, action: .retract(try ValueArgument.value(target.value, field: target.field, schema: store.schema)),
                                      asOf: dates.asOf, start: dates.start, end: dates.end))
            }
            Console.message("Retracted the claim \(target.value) from \(target.field) of \(party).")
        }
    }

    /// `caucus rank`: ranks one claim.
    struct Rank: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "rank",
            abstract: "Rank a claim of a field preferred, normal or deprecated.",
            discussion: """
                A field with several claims shows its single preferred claim's value; with none preferred it is \
                disputed. Deprecate a claim known to be wrong: it is kept, so that nobody adds it again unawares. \
                Two editors who rank one claim differently without seeing each other make a conflict, listed by \
                `caucus conflicts` and settled by ranking it again.

                Examples:
                  caucus rank ucpa leader "Rauf Gurbanov" preferred --start 1998
                  caucus rank ucpa membership 5000 deprecated --as-of 2005
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: ClaimArguments

        @Argument(help: ArgumentHelp("preferred, normal or deprecated, e.g. preferred.", valueName: "rank"))
        var rank: String

        @OptionGroup var dates: ClaimDateOptions

        func validate() throws {
            if ClaimRank(name: rank) == nil { throw ValidationError("the rank must be preferred, normal or deprecated, got \(JSONText.quoted(rank))") }
        }

        func execute() throws {
            let store = try global.openStore()
            let party = try store.requireParty(target.party)
            _ = try store.requireField(target.field)
            let summary = try store.applyEdits(time: now()) { writer in
                try writer.apply(Edit(party: party, field: target.field, action: .rank(try ValueArgument.value(target.value, field: target.field, schema: store.schema), ClaimRank(name: rank)!),
                                      asOf: dates.asOf, start: dates.start, end: dates.end))
            }
            Console.message("Ranked \(target.value) \(rank) in \(target.field) of \(party)."
                            + (summary.settledConflicts > 0 ? " This settles a conflict; export to share it." : ""))
        }
    }
}
