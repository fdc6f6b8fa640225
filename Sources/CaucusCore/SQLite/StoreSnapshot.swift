import GRDB
import GRDBSQLite

/// A second, read-only connection to a store's file, opened inside a write transaction: it
/// reads the store as that transaction found it, so another thread can look things up while
/// the transaction's own connection writes.
///
/// Only for a file in WAL mode, where a reader never waits for the writer and sees the last
/// commit. The write transaction must hold the write lock before the snapshot reads anything
/// (``PartyStore/integrate(replicas:sender:time:batchSize:_:)`` begins `IMMEDIATE`): then no
/// other process can commit until it ends, and every read here sees the state it began from.
///
/// One thread at a time uses it; threads hand it over at a thread start or join.
final class StoreSnapshot: @unchecked Sendable {
    private let queue: DatabaseQueue

    /// Opens a snapshot of the file `db` writes to; nil for an in-memory or temporary
    /// database, one not in WAL mode (a reader there could block the writer), or when the
    /// file cannot be opened again: the snapshot only lets work run beside the writer, and
    /// the writer does it itself without one.
    static func open(beside db: Database) throws -> StoreSnapshot? {
        guard let name = sqlite3_db_filename(db.sqliteConnection, "main") else { return nil }
        let path = String(cString: name)
        guard !path.isEmpty, try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal" else { return nil }
        var config = Configuration()
        config.readonly = true
        config.label = "caucus.snapshot"
        return (try? DatabaseQueue(path: path, configuration: config)).map(StoreSnapshot.init)
    }

    private init(queue: DatabaseQueue) { self.queue = queue }

    /// Runs `body` in a read transaction of the snapshot, on the calling thread.
    func read<T>(_ body: (Database) throws -> T) throws -> T { try queue.read(body) }
}
