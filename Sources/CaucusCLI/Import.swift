import ArgumentParser
import CaucusCore
import CaucusSync

extension Caucus {
    /// `caucus import`: merges changeset files.
    struct Import: CaucusCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge changeset files from other editors; each file is checked whole, then applied all or nothing.",
            discussion: "Importing a file again changes nothing. Example: caucus import from-alice.caucus-changes"
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The changeset files, imported in the order given.", valueName: "file"))
        var files: [String]

        func execute() throws {
            let store = try global.openStore()
            for file in files {
                let r = try Importer.importChangeset(at: file, into: store, time: now())
                if r.pinnedNewKey {
                    Console.message("Notice: first changeset from editor \(r.sender.editor); their key is now pinned.")
                }
                Console.message("\(file): \(r.added) new operations, \(r.alreadyPresent) already present, \(r.partiesTouched) records touched, \(r.newConflicts) new conflicts.")
            }
        }
    }
}
