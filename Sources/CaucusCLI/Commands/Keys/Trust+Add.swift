import ArgumentParser
import CaucusCore
import CaucusSync

extension Caucus.Trust {
    /// `caucus trust add`.
    struct Add: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Trust an editor's public key (the 64 hex digits their `caucus key` printed).",
            discussion: """
                Check the key with the editor by a channel you know is theirs. An editor with several replicas \
                has one key per replica: add each. Example: caucus trust add 3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29 --editor bob
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The editor's public key, 64 hex digits.", valueName: "key"))
        var key: String

        @Option(help: ArgumentHelp("The editor's name, as their changesets give it.", valueName: "name"))
        var editor: String

        func execute() throws {
            let entry = try TrustStore(try global.openStore()).add(publicKeyHex: key, editor: editor, time: now())
            Console.message("Trusted key \(entry.publicKeyHex.prefix(16))… for editor \(entry.editor).")
        }
    }
}
