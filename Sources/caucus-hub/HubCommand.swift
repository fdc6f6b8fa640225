import ArgumentParser
import CaucusHub
import Foundation
import Logging

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

/// Where the hub keeps everything: a SQLite database in `--data DIR`, or the PostgreSQL database
/// of `--postgres URL` (each with its environment variable as the default).
struct StorageOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The hub's data folder: hub.sqlite, and pushes while they are checked (env CAUCUS_HUB_DATA). Example: --data /var/lib/caucus-hub.", valueName: "dir"))
    var data: String?

    @Option(help: ArgumentHelp("Keep everything in this PostgreSQL database instead, so that several hub processes serve one hub (env CAUCUS_HUB_POSTGRES). Example: --postgres postgres://hub@127.0.0.1/hub.", valueName: "url"))
    var postgres: String?

    func validate() throws {
        if directory == nil && postgresURL == nil {
            throw ValidationError("give the data folder with --data DIR (or CAUCUS_HUB_DATA), or a database with --postgres URL")
        }
    }

    private var directory: String? { data ?? environment("CAUCUS_HUB_DATA") }
    private var postgresURL: String? { postgres ?? environment("CAUCUS_HUB_POSTGRES") }

    /// Where pushed bodies wait while they are checked: `incoming` in the data folder, else the system's temporary folder.
    var scratch: String {
        guard let directory else { return NSTemporaryDirectory() }
        return (directory as NSString).appendingPathComponent("incoming")
    }

    /// What `serve` logs of where it keeps things.
    var location: String {
        if let postgresURL { return "PostgreSQL at \(PostgresHubStorage.redacted(postgresURL))" }
        return (directory! as NSString).appendingPathComponent("hub.sqlite")
    }

    /// Runs `body` on the storage; a storage that cannot open, or refuses, is a ``HubFailure``.
    /// Only a serving hub hears other processes' pushes (`serving`).
    func with<T: Sendable>(logger: Logger = Logger(label: "caucus-hub") { _ in SwiftLogNoOpLogHandler() }, serving: Bool = false,
                           _ body: @escaping @Sendable (any HubStorage) async throws -> T) async throws -> T {
        do {
            if let postgresURL {
                return try await PostgresHubStorage.with(url: postgresURL, logger: logger, listening: serving) { try await body($0) }
            }
            return try await body(try SQLiteHubStorage(directory: directory!))
        } catch let error as HubStorageError {
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
