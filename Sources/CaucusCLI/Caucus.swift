import ArgumentParser

/// The `caucus` command: the root holds only configuration; each subcommand is its own file.
public struct Caucus: ParsableCommand {
    /// The command's name, help and subcommands.
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
            (a value, file or argument); 4 not found (party, field, file, database or release); 5 database busy; \
            64 wrong usage.
            """,
        version: CaucusVersion.current,
        subcommands: [Init.self, SetFacts.self, ClaimFact.self, Retract.self, Rank.self, Clear.self, AddMembers.self, RemoveMembers.self, Show.self, List.self,
                      Search.self, Conflicts.self, Resolve.self, Delete.self, Restore.self, Revert.self, History.self,
                      Export.self, ExportCSV.self, ExportJSON.self, Import.self, Compact.self, Inspect.self, Status.self, ImportCSV.self, Key.self, Trust.self, Tour.self,
                      Apply.self, VV.self, Dump.self, Release.self, Diff.self, Field.self, Find.self, Link.self, Unlink.self, Remote.self, Push.self, Pull.self, SyncWithHub.self]
    )

    /// `--db`, given before the command name; each command takes it too.
    @OptionGroup var global: GlobalOptions

    /// The root command, as ArgumentParser makes it before parsing.
    public init() {}
}

/// The version `caucus --version` prints.
enum CaucusVersion {
    /// The program's version.
    static let current = "0.1.0"
}
