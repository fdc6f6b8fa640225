import ArgumentParser
import CaucusCore

/// `--start`, `--end` and `--note`: the span a claim holds for, and a note on it, beside
/// ``ProvenanceOptions``' source and as-of date.
struct ClaimOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The first date the claim holds: YYYY, YYYY-MM or YYYY-MM-DD, e.g. --start 1998.", valueName: "date"))
    var start: String?

    @Option(help: ArgumentHelp("The last date the claim holds: YYYY, YYYY-MM or YYYY-MM-DD, e.g. --end 2000.", valueName: "date"))
    var end: String?

    @Option(help: ArgumentHelp("A note on the claim, e.g. --note \"according to the Justice Ministry\".", valueName: "text"))
    var note: String?
}

/// `--as-of`, `--start` and `--end`, naming one claim of a field with its value: the claim
/// `retract` and `rank` act on.
struct ClaimDateOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The claim's as-of date, if it has one, e.g. --as-of 2005.", valueName: "date"))
    var asOf: String?

    @Option(help: ArgumentHelp("The claim's first date, if it has one, e.g. --start 1998.", valueName: "date"))
    var start: String?

    @Option(help: ArgumentHelp("The claim's last date, if it has one, e.g. --end 2000.", valueName: "date"))
    var end: String?

    /// The dates given.
    var dates: ClaimDates { ClaimDates(asOf: asOf, start: start, end: end) }
}

/// The party, field and value a claim command is about: its first three arguments.
struct ClaimArguments: ParsableArguments {
    @Argument(help: ArgumentHelp("The party id, e.g. ucpa.", valueName: "party"))
    var party: String

    @Argument(help: ArgumentHelp("The field, e.g. leader.", valueName: "field"))
    var field: String

    @Argument(help: ArgumentHelp("The claim's value, e.g. \"Ramiz Ahmadov\".", valueName: "value"))
    var value: String
}
