import ArgumentParser
import CaucusCore

extension Caucus.Release {
    /// `caucus release create NAME`.
    struct Create: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Name the version vector this replica holds now, with its record and conflict counts.",
            discussion: """
                A name taken is refused, as `git tag` refuses it; --force moves it to what you hold now, which also \
                settles two releases of one name made without seeing each other.

                Examples:
                  caucus release create 2025.1 --note "the January release"
                  caucus release create 2025.1 --force
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The release's name: letters, digits, '.', '_' or '-', e.g. 2025.1.", valueName: "name"))
        var name: String

        @Option(help: ArgumentHelp("What the release is, e.g. --note \"the January release\".", valueName: "text"))
        var note: String?

        @Flag(help: "Move the release if the name is taken (and settle a conflict of it).")
        var force = false

        func execute() throws {
            let store = try global.openStore()
            let release = try store.createRelease(name, note: note, force: force, time: now())
            Console.message("Released \(name): \(release.versionVector.operationCount) operations, \(release.recordCount) records, "
                            + "\(release.conflictCount) conflict\(release.conflictCount == 1 ? "" : "s").")
        }
    }
}
