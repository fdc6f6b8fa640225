import Foundation
import GRDB

extension PartyStore {
    /// Signs this replica's operations that no batch holds yet, as one new batch (m006): the
    /// operations after its last batch, up to its last operation.
    ///
    /// The author chain is first brought up to the last operation with `chaining` (m006 10);
    /// `sign` is given the batch's counters and the chain's head, and returns the signature to
    /// store with the batch. It runs inside the write transaction, so the batch holds exactly
    /// the operations signed. An export calls this first, so that every operation of this
    /// replica it sends is in a signed batch.
    ///
    /// - Returns: the counters signed, or nil when every operation was in a batch already.
    /// - Throws: what `sign` or `chaining` throws, or a ``StoreError``; nothing is stored then.
    /// - Complexity: proportional to the operations the chain did not cover yet.
    @discardableResult
    package func signOwnOperations(chaining: any AuthorChaining,
                                   _ sign: (_ counters: ClosedRange<Int64>, _ chain: AuthorChainState) throws -> [UInt8]) throws -> ClosedRange<Int64>? {
        try write { db in
            guard let chain = try Self.extendAuthorChain(db, local: localReplica.id, with: chaining) else { return nil }
            let signature = try sign(chain.counters, chain.state)
            try BatchDirectory(db).insertSigned(chain.counters, signature: signature, of: ReplicaDirectory.localIndex)
            try db.execute(sql: "DELETE FROM op_chain WHERE replica = ?", arguments: [ReplicaDirectory.localIndex])
            return chain.counters
        }
    }

    /// Brings the local replica's author chain (m006 10) up to its last operation, from the
    /// stored state when there is one, and stores the new state.
    ///
    /// - Returns: the counters the chain covers and its state; nil when every operation is in a batch.
    /// - Complexity: proportional to the operations the stored chain did not cover.
    @discardableResult
    static func extendAuthorChain(_ db: Database, local: ReplicaID,
                                  with chaining: any AuthorChaining) throws -> (counters: ClosedRange<Int64>, state: AuthorChainState)? {
        let first = try BatchDirectory(db).lastBatched(ReplicaDirectory.localIndex) + 1
        var held = try versionVector(db)
        let last = held[local].max
        guard last >= first else { return nil }
        let stored = try Row.fetchOne(db, sql: "SELECT first, last, head, pending FROM op_chain WHERE replica = ?",
                                      arguments: [ReplicaDirectory.localIndex])
            .flatMap { row -> AuthorChainState? in
                row[0] as Int64 == first
                    ? AuthorChainState(head: [UInt8](row[2] as Data), pending: [UInt8](row[3] as Data), count: row[1] as Int64 - first + 1)
                    : nil
            }
        if let stored, first + stored.count - 1 == last { return (first...last, stored) }
        held[local] = CounterSet(upTo: first + (stored?.count ?? 0) - 1)
        let state = try chaining.extend(replica: local, first: first, continuing: stored) { begin, each in
            try exportRows(db, since: held, begin: begin, each)
        }
        try db.execute(sql: "INSERT OR REPLACE INTO op_chain (replica, first, last, head, pending) VALUES (?, ?, ?, ?, ?)",
                       arguments: [ReplicaDirectory.localIndex, first, last, Data(state.head), Data(state.pending)])
        return (first...last, state)
    }
}

extension PartyStore {
    /// Every author batch the store holds (m006), by replica id then counter: who signed which
    /// operations, and which arrived unsigned and from whom.
    ///
    /// - Complexity: O(batches).
    public func authorBatches() throws -> [AuthorBatchRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.uid, b.first, b.last, b.signature, v.uid FROM op_batch b
                JOIN replica r ON r.idx = b.replica LEFT JOIN replica v ON v.idx = b.vouched_by
                ORDER BY r.uid, b.first
                """).map { row in
                AuthorBatchRecord(batch: AuthorBatch(replica: ReplicaID(row[0] as String)!, counters: (row[1] as Int64)...(row[2] as Int64),
                                                     signature: (row[3] as Data?).map { [UInt8]($0) }),
                                  vouchedBy: (row[4] as String?).flatMap(ReplicaID.init))
            }
        }
    }
}

/// An author batch as a store holds it.
public struct AuthorBatchRecord: Sendable, Hashable {
    /// The batch: signed by its author, or not.
    public var batch: AuthorBatch
    /// For an unsigned batch, the replica that sent its operations and vouched for them.
    public var vouchedBy: ReplicaID?

    /// Creates one.
    public init(batch: AuthorBatch, vouchedBy: ReplicaID?) {
        self.batch = batch
        self.vouchedBy = vouchedBy
    }
}
