import Foundation
import GRDB

extension PartyStore {
    /// Signs this replica's operations that no batch holds yet, as one new batch (m006): the
    /// operations after its last batch, up to its last operation.
    ///
    /// `sign` is given the batch's counters and a function that streams its operations as the
    /// store holds them (``exportRows(since:begin:_:)``: the plan, then each row in counter
    /// order), and returns the signature to store with it; it runs inside the write
    /// transaction, so the batch holds exactly the operations signed. An export calls this
    /// first, so that every operation of this replica it sends is in a signed batch.
    ///
    /// - Returns: the counters signed, or nil when every operation was in a batch already.
    /// - Throws: what `sign` throws, or a ``StoreError``; nothing is stored then.
    /// - Complexity: proportional to the operations signed.
    @discardableResult
    package func signOwnOperations(
        _ sign: (_ counters: ClosedRange<Int64>,
                 _ operations: (_ begin: (ExportPlan) throws -> Void, _ each: (OperationRow) throws -> Void) throws -> Void) throws -> [UInt8]
    ) throws -> ClosedRange<Int64>? {
        try write { db in
            let directory = BatchDirectory(db)
            let first = try directory.lastBatched(ReplicaDirectory.localIndex) + 1
            var held = try Self.versionVector(db)
            let last = held[localReplica.id].max
            guard last >= first else { return nil }
            held[localReplica.id] = CounterSet(upTo: first - 1)
            let signature = try sign(first...last) { begin, each in
                try Self.exportRows(db, since: held, begin: begin, each)
            }
            try directory.insertSigned(first...last, signature: signature, of: ReplicaDirectory.localIndex)
            return first...last
        }
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
