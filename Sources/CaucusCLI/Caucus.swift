import ArgumentParser
import CaucusCore
import CaucusSync
import Foundation

/// The `caucus` command: the root holds only configuration; each subcommand is its own file.
public struct Caucus: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "caucus",
        abstract: "Keep records of political parties offline and merge editors' changes without losing any.",
        discussion: """
            Each editor works on a local replica database and swaps changeset files with the others. \
            Concurrent edits of the same fact are all kept and shown as conflicts until someone settles them.

            The database is --db PATH, or $CAUCUS_DB, or ./caucus.db.
            """,
        version: CaucusVersion.current,
        subcommands: [Init.self, Apply.self, VV.self, Export.self, Import.self, Dump.self, Key.self, Trust.self]
    )

    @OptionGroup public var global: GlobalOptions

    public init() {}
}

/// The version `caucus --version` prints.
public enum CaucusVersion {
    /// The program's version.
    public static let current = "0.1.0"
}

/// Options every command takes.
public struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The replica database to use (default: $CAUCUS_DB, or ./caucus.db).", valueName: "path"))
    public var db: String?

    public init() {}

    /// The database path: --db, then $CAUCUS_DB, then ./caucus.db.
    public var databasePath: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["CAUCUS_DB"], !env.isEmpty { return env }
        return "caucus.db"
    }

    /// Opens the existing database.
    func openStore() throws -> PartyStore { try PartyStore.open(at: databasePath) }
}

/// A subcommand whose errors are printed as one line, `caucus: error: …`, with a non-zero exit.
protocol CaucusCommand: ParsableCommand {
    /// Does the work; errors are reported by ``run()``.
    func execute() throws
}

extension CaucusCommand {
    public func run() throws {
        do {
            try execute()
        } catch let error as ExitCode {
            throw error
        } catch let error as any CaucusReportable {
            Console.error(error.description)
            throw ExitCode(error.exitCode)
        }
    }
}

/// Errors the CLI reports as one line.
protocol CaucusReportable: Error, CustomStringConvertible {
    var exitCode: Int32 { get }
}

extension StoreError: CaucusReportable {
    var exitCode: Int32 {
        switch self {
        case .busy: return ExitCodes.busy
        default: return ExitCodes.failure
        }
    }
}
extension ChangesetError: CaucusReportable { var exitCode: Int32 { ExitCodes.badInput } }
extension VersionVectorError: CaucusReportable { var exitCode: Int32 { ExitCodes.badInput } }

/// A failure with a message, for problems the CLI itself finds.
struct CommandFailure: CaucusReportable {
    var description: String
    var exitCode: Int32 = ExitCodes.failure
}

/// The exit codes, documented in the README.
enum ExitCodes {
    static let failure: Int32 = 1
    static let badInput: Int32 = 3
    static let busy: Int32 = 5
}

/// The current time in seconds since 1970: read here, at the edge, never inside a merge.
func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
