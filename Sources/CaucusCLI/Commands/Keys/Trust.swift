import ArgumentParser
import CaucusCore
import CaucusSync

extension Caucus {
    /// `caucus trust`: the editors whose changesets this replica accepts.
    struct Trust: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trust",
            abstract: "List, add and revoke the editors' keys this replica accepts changesets from, and set the trust mode.",
            discussion: """
                In pin mode (the default) the first changeset from an unknown editor is accepted and its key pinned; \
                in strict mode only keys added with `caucus trust add` are accepted. A changeset that claims a known \
                editor or replica but is signed with another key is always refused as a forgery. See the README, section Trust.
                """,
            subcommands: [List.self, Add.self, Revoke.self, Mode.self]
        )
    }
}

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

    /// `caucus trust mode`.
    struct Mode: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "mode",
            abstract: "Print or set the trust mode: pin (accept and pin unknown editors' keys) or strict (refuse them).",
            discussion: "Example: caucus trust mode strict"
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The new mode, pin or strict; without it, the mode is printed.", valueName: "mode"))
        var mode: String?

        func validate() throws {
            if let mode, TrustStore.Mode(rawValue: mode) == nil {
                throw ValidationError("The mode must be pin or strict.")
            }
        }

        func execute() throws {
            let trust = TrustStore(try global.openStore())
            if let mode, let newMode = TrustStore.Mode(rawValue: mode) {
                try trust.setMode(newMode)
                Console.message("Trust mode is now \(newMode.rawValue).")
            } else {
                print(try trust.mode().rawValue)
            }
        }
    }
}

extension TrustError: CaucusReportable { var exitCode: Int32 { ExitCodes.badInput } }
