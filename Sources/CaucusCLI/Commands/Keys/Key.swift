import ArgumentParser
import CaucusCore
import CaucusSync

extension Caucus {
    /// `caucus key`: this replica's public key.
    struct Key: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "key",
            abstract: "Print this replica's public key, to send to other editors so they can trust it.",
            discussion: """
                The key is 64 hex digits. Another editor adds it with: caucus trust add KEY --editor YOUR-NAME. \
                Send it by a channel they know is yours (in person, by phone, in a signed mail), not in the same mail as a changeset.
                """
        )

        @OptionGroup var global: GlobalOptions

        func execute() throws {
            let store = try global.openStore()
            print(try SigningIdentity.publicKeyHex(of: store))
        }
    }
}
