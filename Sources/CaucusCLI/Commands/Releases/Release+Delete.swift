import ArgumentParser
import CaucusCore

extension Caucus.Release {
    /// `caucus release delete NAME`.
    struct Delete: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete a release name (the operations it named stay); the deletion travels like any edit.",
            discussion: "Example: caucus release delete 2025.1-draft"
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The release's name.", valueName: "name"))
        var name: String

        func execute() throws {
            try global.openStore().deleteRelease(name, time: now())
            Console.message("Deleted release \(name).")
        }
    }
}
