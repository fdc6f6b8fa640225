import ArgumentParser

/// The help of one command's `--source` and `--as-of`: the options are the same everywhere, and
/// each command explains them with its own words and examples.
protocol ProvenanceHelp {
    /// The help of `--source`, a sentence with an example.
    static var source: String { get }
    /// The help of `--as-of`, a sentence with an example.
    static var asOf: String { get }
}

/// `--source` and `--as-of`: where the values a command writes come from, and the date they hold
/// for. Both are kept with every value written.
struct ProvenanceOptions<Help: ProvenanceHelp>: ParsableArguments {
    @Option(help: ArgumentHelp(Help.source, valueName: "text"))
    var source: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp(Help.asOf, valueName: "date"))
    var asOf: String?
}
