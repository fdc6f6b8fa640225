import ArgumentParser
import CaucusCore
import CaucusSync
import Foundation

extension Caucus {
    /// `caucus init`: creates a replica database.
    struct Init: CaucusCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a new replica database for an editor.",
            discussion: "Refuses to overwrite an existing database. Example: caucus init --editor alice"
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("Your name as other editors will see it (default: your login name).", valueName: "name"))
        var editor: String?

        func validate() throws {
            if let editor, editor.trimmingCharacters(in: .whitespaces).isEmpty || editor.count > 100 || !ReplicaInfo.isValidEditorName(editor) {
                throw ValidationError("--editor must be 1 to 100 characters, with no control characters.")
            }
        }

        func execute() throws {
            let name = editor ?? ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "editor"
            let path = global.databasePath
            let store = try PartyStore.create(at: path, editor: name)
            _ = try SigningIdentity.privateKey(of: store)
            Console.message("Created replica database \(path) for editor \(name) (replica \(store.localReplica.id.rawValue.prefix(12))…).")
        }
    }
}
