import ArgumentParser

/// The help of one command's `--source` when it says why a change was made.
protocol ReasonHelp {
    /// The help of `--source`, a sentence with an example.
    static var source: String { get }
}

/// `--reason` (or `--source`, its older name) for a command that removes or settles rather than
/// writes values: why, in the editor's words, kept with the change as its source.
struct ReasonOption<Help: ReasonHelp>: ParsableArguments {
    @Option(name: [.customLong("reason"), .customLong("source")], help: ArgumentHelp(Help.source, valueName: "text"))
    var source: String?
}
