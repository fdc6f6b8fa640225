import ArgumentParser

/// The party and the set field whose members `add` and `remove` change, their first two arguments.
struct SetFieldArguments: ParsableArguments {
    @Argument(help: ArgumentHelp("The party id, e.g. ucpa, or DATASET:ID, e.g. wikidata:Q123.", valueName: "party"))
    var party: String

    @Argument(help: ArgumentHelp("The set field, e.g. ideology.", valueName: "field"))
    var field: String
}
