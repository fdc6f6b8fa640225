import ArgumentParser
import CaucusCore
import CaucusSync

extension Caucus {
    /// `caucus trust`: the editors whose changesets this replica accepts.
    struct Trust: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trust",
            abstract: "List, add and revoke the editors' keys this replica accepts changesets from, and set the trust mode.",
            discussion: """
                In pin mode (the default) the first changeset from an unknown editor is accepted and its key pinned; \
                in strict mode only keys added with `caucus trust add` are accepted. A changeset that claims a known \
                editor or replica but is signed with another key is always refused as a forgery. See the README, section Trust.
                """,
            subcommands: [List.self, Add.self, Revoke.self, Mode.self]
        )
    }
}
