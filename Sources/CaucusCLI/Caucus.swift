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

            The database is --db PATH, or $CAUCUS_DB, or ./caucus.db. Start with `caucus tour`, or `caucus init`.

            Read commands print tables, or JSON with --json (one object per line for lists). Data goes to \
            standard output, messages to standard error; colour only on a terminal, never with NO_COLOR set.

            Exit codes: 0 done; 1 failed; 2 done, and conflicts remain (conflicts, import --exit-code); 3 bad input \
            (a value, file or argument); 4 not found (party, field, file or database); 5 database busy; \
            64 wrong usage.
            """,
        version: CaucusVersion.current,
        subcommands: [Init.self, SetFacts.self, Clear.self, AddMembers.self, RemoveMembers.self, Show.self, List.self,
                      Search.self, Conflicts.self, Resolve.self, Delete.self, Restore.self, History.self,
                      Export.self, Import.self, Inspect.self, Status.self, ImportCSV.self, Key.self, Trust.self, Tour.self,
                      Apply.self, VV.self, Dump.self]
    )

    @OptionGroup public var global: GlobalOptions

    public init() {}

    /// Runs the command line. Help, version and completion requests print as usual; a usage mistake is one
    /// line, `caucus: error: …; see `caucus CMD --help``, exiting with 64, instead of the usage dump.
    public static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            if let show = ShowCommandLine(arguments) {
                try show.run()
            } else {
                var command = try parseAsRoot(arguments)
                try command.run()
            }
            exit(withError: nil)
        } catch {
            let code = exitCode(for: error)
            if error is ExitCode || error is CleanExit || code == .success {
                exit(withError: error)
            }
            let names = Set(configuration.subcommands.map { $0._commandName })
            let sub = arguments.first(where: names.contains)
            var text = message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
            if let first = text.first { text = first.lowercased() + text.dropFirst() }
            if text.hasSuffix(".") { text.removeLast() }
            text = text.replacingOccurrences(of: ". Did you mean", with: "; did you mean")
            if sub == nil, let word = arguments.first(where: { !$0.hasPrefix("-") }),
               let near = names.filter({ editDistance($0, word) <= 2 }).sorted().first {
                text = "no command '\(word)'; did you mean '\(near)'?"
            }
            let help = "`caucus \(sub.map { $0 + " " } ?? "")--help`"
            Console.error(text.hasSuffix("?") ? text + " See " + help + "." : text + "; see " + help)
            Foundation.exit(code.rawValue)
        }
    }
}

/// The version `caucus --version` prints.
public enum CaucusVersion {
    /// The program's version.
    public static let current = "0.1.0"
}

/// Options every command takes.
public struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The replica database to use, e.g. --db ~/parties/alice.db (default: $CAUCUS_DB, or ./caucus.db).", valueName: "path"))
    public var db: String?

    public init() {}

    /// The database path: --db, then $CAUCUS_DB, then ./caucus.db.
    public var databasePath: String { Self.databasePath(option: db) }

    /// The database path for the value of --db, if given: it, then $CAUCUS_DB, then ./caucus.db.
    static func databasePath(option db: String?) -> String {
        if let db { return db }
        if let env = Environment.value("CAUCUS_DB"), !env.isEmpty { return env }
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
    public func run() throws { try reportingErrors(execute) }
}

/// Runs `work`; an error it throws is printed as one line, `caucus: error: …`, and thrown on as
/// the `ExitCode` it maps to (ArgumentParser's own errors are thrown on as they are).
func reportingErrors(_ work: () throws -> Void) throws {
    do {
        try work()
    } catch let error as ExitCode {
        throw error
    } catch let error as any CaucusReportable {
        Console.error(error.description)
        throw ExitCode(error.exitCode)
    } catch let error as ValidationError {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        // Anything else still gets one line, never a trace.
        Console.error(String(describing: error))
        throw ExitCode(ExitCodes.failure)
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
        case .databaseMissing, .unknownParty, .unknownField: return ExitCodes.notFound
        case .invalidPartyID, .invalidValue, .wrongFieldKind, .invalidAsOf, .textTooLong: return ExitCodes.badInput
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

/// The exit codes, documented in the README (docs/WORKFLOW.md).
enum ExitCodes {
    /// Something failed; the message says what.
    static let failure: Int32 = 1
    /// The command worked, and conflicts remain to settle (`conflicts`, `import --exit-code`).
    static let conflictsRemain: Int32 = 2
    /// A value, file or argument is not valid.
    static let badInput: Int32 = 3
    /// No such party, field, file or database.
    static let notFound: Int32 = 4
    static let busy: Int32 = 5
}

/// The current time in seconds since 1970: read here, at the edge, never inside a merge.
func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
