import ArgumentParser

/// The party a command works on, its first argument.
struct PartyArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("The party id, e.g. ucpa, or an id in another dataset, DATASET:ID, e.g. wikidata:Q123.", valueName: "party"))
    var party: String
}
