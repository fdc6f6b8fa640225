import ArgumentParser
import CaucusCore
import CaucusSync

extension Caucus {
    /// `caucus remote`: the hubs this replica syncs with.
    struct Remote: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remote",
            abstract: "Name the hubs this replica pushes to and pulls from, as git names its remotes.",
            discussion: """
                A hub is optional: a replica that syncs through one still exports and imports files. The hub's key is \
                pinned on the first pull, as any sender's is (see `caucus trust`).
                """,
            subcommands: [Add.self, List.self, Remove.self]
        )

        struct Add: CaucusCommand {
            static let configuration = CommandConfiguration(
                commandName: "add",
                abstract: "Add a hub by name and URL.",
                discussion: "Example: caucus remote add origin http://127.0.0.1:8080"
            )
            @OptionGroup var global: GlobalOptions
            @Argument(help: ArgumentHelp("The remote's name, e.g. origin.", valueName: "name")) var name: String
            @Argument(help: ArgumentHelp("The hub's URL, http://HOST[:PORT], e.g. http://127.0.0.1:8080.", valueName: "url")) var url: String

            func execute() throws {
                let remotes = HubRemotes(try global.openStore())
                try remotes.add(name, url: url)
                Console.message("Added remote \(name) at \(try remotes.url(of: name).url).")
            }
        }

        struct List: CaucusCommand {
            static let configuration = CommandConfiguration(
                commandName: "list",
                abstract: "Print each remote: name and URL, tab-separated.",
                discussion: "Example: caucus remote list"
            )
            @OptionGroup var global: GlobalOptions

            func execute() throws {
                for remote in try HubRemotes(try global.openStore()).all() { print("\(remote.name)\t\(remote.url)") }
            }
        }

        struct Remove: CaucusCommand {
            static let configuration = CommandConfiguration(
                commandName: "remove",
                abstract: "Forget a remote; what was pulled from it stays.",
                discussion: "Example: caucus remote remove origin"
            )
            @OptionGroup var global: GlobalOptions
            @Argument(help: ArgumentHelp("The remote's name.", valueName: "name")) var name: String

            func execute() throws {
                try HubRemotes(try global.openStore()).remove(name)
                Console.message("Removed remote \(name).")
            }
        }
    }
}
