import ArgumentParser

extension Caucus {
    /// `caucus field`: the team's own fields.
    struct Field: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "field",
            abstract: "Define the team's own fields, and list the schema in force.",
            discussion: """
                The built-in fields come with caucus (Schema/party.schema.json). A field the team defines is an \
                operation like any edit: it travels in changesets, every replica that holds it checks values \
                against it, and `set`, `add`, `claim`, `apply`, `import-csv` and `dump` use it as a built-in one. \
                A definition can only grow: a new field, a new choice, a higher --max-length, no pattern, \
                deprecation. Two editors defining one field differently without seeing each other make a schema \
                conflict; the values written under either are kept, and `caucus field add` with the definition \
                to keep settles it.

                Examples:
                  caucus field add family --type choice --choices communist,socialist,green --help-text "the party family"
                  caucus field add wikidata --type external-id
                  caucus field list
                """,
            subcommands: [Field.Add.self, Field.List.self, Field.Deprecate.self]
        )
    }
}
