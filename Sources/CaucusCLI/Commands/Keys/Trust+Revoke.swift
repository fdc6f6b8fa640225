import ArgumentParser
import CaucusCore
import CaucusSync

extension Caucus.Trust {
    /// `caucus trust revoke`.
    struct Revoke: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Revoke an editor's keys, or one key: changesets signed with them are refused from now on.",
            discussion: """
                Operations already imported stay. A revoked key is never trusted again; the editor makes a new replica \
                and sends its key. Example: caucus trust revoke mallory, or caucus trust revoke 3b6a27bc
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("An editor's name (all their keys), or the first 8 or more hex digits of one key.", valueName: "editor-or-key"))
        var selector: String

        func execute() throws {
            let revoked = try TrustStore(try global.openStore()).revoke(selector, time: now())
            for entry in revoked {
                Console.message("Revoked key \(entry.publicKeyHex.prefix(16))… of editor \(entry.editor).")
            }
        }
    }
}
