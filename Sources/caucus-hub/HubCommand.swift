import ArgumentParser
import CaucusHub
import Foundation

/// `caucus-hub`: the hub service and its roster.
@main
struct HubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caucus-hub",
        abstract: "Relay Caucus changesets for a team over HTTP (Schema/HUB-PROTOCOL.md).",
        discussion: """
            Every option may also come from the environment: CAUCUS_HUB_DATA, CAUCUS_HUB_PORT, CAUCUS_HUB_HOST, \
            CAUCUS_HUB_MAX_BODY_BYTES, CAUCUS_HUB_LOG_LEVEL. A flag wins over the environment.

            Examples:
              caucus-hub serve --data /var/lib/caucus-hub --port 8080
              caucus-hub roster add 3b6a27bc…(64 hex digits) --role writer --editor alice --data /var/lib/caucus-hub
            """,
        subcommands: [Serve.self, Roster.self],
        defaultSubcommand: Serve.self
    )
}

/// The data folder, from `--data` or `CAUCUS_HUB_DATA`.
struct StorageOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The hub's data folder, holding hub.sqlite (env CAUCUS_HUB_DATA). Example: --data /var/lib/caucus-hub.", valueName: "dir"))
    var data: String?

    func validate() throws {
        if data ?? environment("CAUCUS_HUB_DATA") == nil {
            throw ValidationError("give the data folder with --data DIR (or CAUCUS_HUB_DATA)")
        }
    }

    /// The folder.
    var directory: String { data ?? environment("CAUCUS_HUB_DATA")! }

    /// Opens the storage, or exits with its error.
    func open() throws -> SQLiteHubStorage {
        do { return try SQLiteHubStorage(directory: directory) } catch let error as HubStorageError {
            throw HubFailure(message: error.description, exitCode: 1)
        }
    }
}

/// The value of the environment variable `name`, when it is set and not empty.
func environment(_ name: String) -> String? {
    guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
    return value
}

/// A failure `caucus-hub` reports as `caucus-hub: error: MESSAGE` and exits with.
struct HubFailure: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32
    var description: String { message }
}

extension AsyncParsableCommand {
    /// Runs `body`, reporting a ``HubFailure`` as one line and its exit code.
    func reporting(_ body: () async throws -> Void) async throws {
        do { try await body() } catch let failure as HubFailure {
            FileHandle.standardError.write(Data("caucus-hub: error: \(failure.message)\n".utf8))
            throw ExitCode(failure.exitCode)
        }
    }
}
