import GRDB

/// The replicas one write transaction names, by id: their local indexes (`replica.idx`, the high
/// bits of an op's local id, ``OpID``), registering those the store has never heard of.
final class ReplicaDirectory {
    /// The local replica's index: it is the first the store registers.
    static let localIndex: Int64 = 1

    private let db: Database
    /// Local index by replica id, for the replicas looked up or registered in this transaction.
    private var indexes: [ReplicaID: Int64] = [:]

    init(_ db: Database) { self.db = db }

    /// The local index of `replica`, registering it (with `editor`) when new; a known replica
    /// whose editor is unknown (`?`) gets `editor`.
    func index(_ replica: ReplicaID, editor: String = "?") throws -> Int64 {
        if let idx = indexes[replica] { return idx }
        if let idx = try Int64.fetchOne(db, sql: "SELECT idx FROM replica WHERE uid = ?", arguments: [replica.rawValue]) {
            if editor != "?" {
                try db.execute(sql: "UPDATE replica SET editor = ? WHERE idx = ? AND editor = '?'", arguments: [editor, idx])
            }
            indexes[replica] = idx
            return idx
        }
        try db.execute(sql: "INSERT INTO replica (uid, editor, first_seen) VALUES (?, ?, strftime('%s','now'))",
                       arguments: [replica.rawValue, editor])
        let idx = db.lastInsertedRowID
        indexes[replica] = idx
        return idx
    }
}
