import ArgumentParser
import CaucusCore
import CaucusSync

/// `--db`: the replica database, an option of the root and of every command that opens one.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The replica database to use, e.g. --db ~/parties/alice.db (default: $CAUCUS_DB, or ./caucus.db).", valueName: "path"))
    var db: String?

    /// The database path: --db, then $CAUCUS_DB, then ./caucus.db.
    var databasePath: String { Self.databasePath(db) }

    /// The database path for the value of --db, if given: it, then $CAUCUS_DB, then ./caucus.db.
    static func databasePath(_ db: String?) -> String {
        if let db { return db }
        if let env = Environment.value("CAUCUS_DB"), !env.isEmpty { return env }
        return "caucus.db"
    }

    /// Opens the existing database, its edits extending the author chain as they are written.
    func openStore() throws -> PartyStore { try PartyStore.open(at: databasePath, authorChain: AuthorChain()) }
}
