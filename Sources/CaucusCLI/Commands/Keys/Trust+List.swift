import ArgumentParser
import CaucusCore
import CaucusSync

extension Caucus.Trust {
    /// `caucus trust list`.
    struct List: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Print every key this replica knows: status, editor, key and the replicas that signed with it.",
            discussion: "One line per key, tab-separated: status (self, trusted, pinned, revoked), editor, key, replicas. Example: caucus trust list"
        )

        @OptionGroup var global: GlobalOptions

        func execute() throws {
            let trust = TrustStore(try global.openStore())
            Console.message("Trust mode: \(try trust.mode().rawValue)")
            for entry in try trust.entries() {
                let replicas = entry.replicas.map { String($0.rawValue.prefix(12)) }.joined(separator: ",")
                print([entry.status.rawValue, entry.editor, entry.publicKeyHex, replicas.isEmpty ? "-" : replicas].joined(separator: "\t"))
            }
        }
    }
}
