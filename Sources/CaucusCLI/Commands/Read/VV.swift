import ArgumentParser
import CaucusCore

extension Caucus {
    /// `caucus vv`: the replica's version vector.
    struct VV: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "vv",
            abstract: "Print this replica's version vector as JSON: what it holds, gaps included.",
            discussion: """
                Give the output to a peer; they export what you lack with `caucus export --since FILE`.

                Example: caucus vv > alice.vv
                """
        )

        @OptionGroup var global: GlobalOptions

        func execute() throws {
            print(try global.openStore().versionVector().json)
        }
    }
}
