import ArgumentParser
import CaucusHub
import CaucusJSON
import CaucusSync
import Foundation

/// `caucus-hub roster`: the keys that may use the hub, changed on the hub's machine.
struct Roster: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, add and revoke the editors' keys that may use the hub.",
        subcommands: [Add.self, Remove.self, List.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an editor's key (what `caucus key` prints), or change its role.",
            discussion: "Example: caucus-hub roster add 3b6a27bc…(64 hex digits) --role writer --editor alice --data /var/lib/caucus-hub"
        )
        @Argument(help: ArgumentHelp("The editor's public key: the 64 hex digits `caucus key` prints.", valueName: "key")) var key: String
        @Option(help: ArgumentHelp("reader (pull only), writer (push and pull) or admin (and change the roster through the API).", valueName: "role"))
        var role: String
        @Option(help: ArgumentHelp("The editor's name, for people. Example: --editor alice.", valueName: "name")) var editor: String?
        @OptionGroup var storage: StorageOptions

        func validate() throws {
            guard HubRole(rawValue: role) != nil else { throw ValidationError("the role is reader, writer or admin, not \(role)") }
        }

        func run() async throws {
            try await reporting {
                let bytes = try publicKey(key)
                let entry = RosterEntry(key: bytes, editor: editor ?? "editor", role: HubRole(rawValue: role)!, added: Int64(Date().timeIntervalSince1970))
                let stored = try await storage.with { try await $0.addToRoster(entry) }
                print("\(Hex.string(stored.key))  \(stored.role.rawValue)  \(stored.editor)")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a key: it stays on the roster, refused, so that its history stays readable.",
            discussion: "Example: caucus-hub roster remove 3b6a27bc…(64 hex digits) --data /var/lib/caucus-hub"
        )
        @Argument(help: ArgumentHelp("The key to revoke, 64 hex digits.", valueName: "key")) var key: String
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            try await reporting {
                let bytes = try publicKey(key)
                let time = Int64(Date().timeIntervalSince1970)
                guard let entry = try await storage.with({ try await $0.revoke(bytes, time: time) }) else {
                    throw HubFailure(message: "key \(key.prefix(16))… is not on the roster", exitCode: 4)
                }
                print("\(Hex.string(entry.key))  revoked  \(entry.editor)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the roster: key, role, editor, and whether the key is revoked.")
        @Flag(help: "Print the roster as the API's JSON: {\"roster\": [{\"key\", \"editor\", \"role\", \"added\", \"revoked\"}]}.") var json = false
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            try await reporting {
                let roster = try await storage.with { try await $0.roster() }
                if json {
                    print(#"{"roster":[\#(roster.map(\.json).joined(separator: ","))]}"#)
                    return
                }
                for entry in roster {
                    print("\(Hex.string(entry.key))  \(entry.revoked == nil ? entry.role.rawValue : "revoked")  \(entry.editor)")
                }
            }
        }
    }
}

/// The 32 bytes of a public key given as 64 hex digits, or a failure that says what a key looks like.
func publicKey(_ text: String) throws -> [UInt8] {
    guard let bytes = RosterEntry.publicKey(hex: text) else {
        throw HubFailure(message: "\(JSONText.quoted(String(text.prefix(80)))) is not a public key: give the 64 hex digits `caucus key` printed", exitCode: 3)
    }
    return bytes
}
