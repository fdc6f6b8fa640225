import ArgumentParser
import CaucusCore
import CaucusSync
import Foundation

extension Caucus {
    /// `caucus init`: creates a replica database.
    struct Init: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create a new replica database for an editor, at ./caucus.db unless told otherwise.",
            discussion: """
                The database goes to --db PATH, or $CAUCUS_DB, or ./caucus.db. Your editor name is --editor, or \
                $CAUCUS_EDITOR, or git's user.name, or your login name. Refuses to overwrite an existing database.

                Examples:
                  caucus init
                  caucus init --editor alice --db ~/parties/alice.db
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("Your name as other editors will see it, e.g. --editor alice (default: $CAUCUS_EDITOR, git's user.name or your login name).", valueName: "name"))
        var editor: String?

        func validate() throws {
            if let editor, !ReplicaInfo.isValidEditorName(editor) {
                throw ValidationError("--editor must be 1 to \(Limits.editorNameBytes) bytes of text, not only spaces, with no control characters")
            }
        }

        /// The editor name when none is given: $CAUCUS_EDITOR, git's user.name, $USER, "editor".
        static func defaultEditor() -> String {
            if let e = Environment.value("CAUCUS_EDITOR")?.trimmingCharacters(in: .whitespaces), !e.isEmpty, e.count <= 100 { return e }
            if let git = gitUserName(), !git.isEmpty, git.count <= 100 { return git }
            for key in ["USER", "LOGNAME"] { if let u = Environment.value(key), !u.isEmpty { return u } }
            return "editor"
        }

        static func gitUserName() -> String? {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "config", "--get", "user.name"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            do { try process.run() } catch { return nil }
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { return nil }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func execute() throws {
            let name = editor ?? Self.defaultEditor()
            let path = global.databasePath
            let url = URL(fileURLWithPath: path)
            let folder = url.deletingLastPathComponent()
            if !FileManager.default.fileExists(atPath: folder.path) {
                do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
                    throw CommandFailure(description: "cannot create the folder \(folder.path): \(error.localizedDescription)")
                }
            }
            let store = try PartyStore.create(at: path, editor: name)
            _ = try SigningIdentity.privateKey(of: store)
            Console.message("Created replica database \(url.standardizedFileURL.path) for editor \(name) (replica \(store.localReplica.id.rawValue.prefix(12))…).")
            Console.message("Next: caucus set PARTY --new name=\"...\", or caucus import-csv FILE, or caucus import CHANGESET.")
        }
    }
}
