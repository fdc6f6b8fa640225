import ArgumentParser

/// The party a command works on, its first argument.
struct PartyArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("The party id, e.g. ucpa.", valueName: "party"))
    var party: String
}
