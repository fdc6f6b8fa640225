import ArgumentParser

extension Caucus {
    /// `caucus release`: named versions of the dataset.
    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "release",
            abstract: "Name what this replica holds as a release (like a git tag), and list the releases.",
            discussion: """
                A release is a named version vector: the state at it is exact, and the same on every replica that \
                holds its operations. It travels in changesets like any edit. Read a release with `--at NAME` \
                (`dump`, `export-csv`) and compare two with `caucus diff A B`.

                Examples:
                  caucus release create 2025.1 --note "the January release"
                  caucus release list
                """,
            subcommands: [Release.Create.self, Release.List.self, Release.Delete.self]
        )
    }
}
