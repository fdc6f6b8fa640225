import GRDB

/// Each replica's statistics (`replica.max_counter` and `op_count`, invariant 4 of
/// `m001_store.sql`) and the epoch its ops' stored times count from (`replica.epoch`, m003
/// invariant 6), as one write transaction changes them; the statistics are written when it finishes.
final class ReplicaStatistics {
    private let db: Database
    /// Per replica index, for replicas with an op stored in this transaction: the highest counter
    /// stored (before or in it) and how many ops it added.
    private var added: [Int64: (maxCounter: Int64, count: Int64)] = [:]
    /// Per replica index, for replicas whose epoch this transaction read or fixed: that epoch.
    private var epochs: [Int64: Int64] = [:]

    init(_ db: Database) { self.db = db }

    /// Counts a newly stored op in its replica's statistics.
    func noteStored(_ id: Int64) throws {
        let idx = OpID.replica(id), counter = OpID.counter(id)
        if let i = added.index(forKey: idx) {
            added.values[i].maxCounter = Swift.max(added.values[i].maxCounter, counter)
            added.values[i].count += 1
        } else {
            let stored = try Int64.fetchOne(db, sql: "SELECT max_counter FROM replica WHERE idx = ?", arguments: [idx]) ?? 0
            added[idx] = (Swift.max(stored, counter), 1)
        }
    }

    /// The epoch that the stored times of a replica's ops count from: fixed at `firstTime` by the
    /// first op of the replica this store holds.
    func epoch(_ idx: Int64, firstTime: Int64) throws -> Int64 {
        if let e = epochs[idx] { return e }
        let row = try Row.fetchOne(db, sql: "SELECT epoch, op_count FROM replica WHERE idx = ?", arguments: [idx])
        var e: Int64 = row?[0] ?? 0
        if (row?[1] as Int64? ?? 0) == 0 && added[idx] == nil {
            try db.execute(sql: "UPDATE replica SET epoch = ? WHERE idx = ?", arguments: [firstTime, idx])
            e = firstTime
        }
        epochs[idx] = e
        return e
    }

    /// The highest counter of a replica, including ops stored in this transaction.
    func maxCounter(_ idx: Int64) throws -> Int64 {
        if let s = added[idx] { return s.maxCounter }
        return try Int64.fetchOne(db, sql: "SELECT max_counter FROM replica WHERE idx = ?", arguments: [idx]) ?? 0
    }

    /// Writes the statistics of the replicas this transaction stored ops of.
    func write() throws {
        for (idx, s) in added {
            try db.execute(sql: "UPDATE replica SET max_counter = ?, op_count = op_count + ? WHERE idx = ?",
                           arguments: [s.maxCounter, s.count, idx])
        }
    }
}
