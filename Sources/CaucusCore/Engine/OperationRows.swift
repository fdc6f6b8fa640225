import GRDB

/// Writes the `op` table: one row per operation the store holds, never written twice (invariant 1
/// of `m001_store.sql`; the row's layout is `m003_compact_op.sql`'s, its rare parts ``OpExtra``).
final class OperationRows {
    private let statistics: ReplicaStatistics
    private let heads: FactHeads
    private let insertOp: FastStatement

    /// - Parameter skippingDuplicates: whether an op may be stored already (one from another
    ///   replica); a local op's counter is past every stored one, so it never is.
    init(_ db: Database, statistics: ReplicaStatistics, heads: FactHeads, skippingDuplicates: Bool) throws {
        self.statistics = statistics
        self.heads = heads
        insertOp = try FastStatement(db, sql: """
            INSERT INTO op (id, party, field, kind, value, extra)
            VALUES (?, ?, ?, ?, ?, ?)\(skippingDuplicates ? " ON CONFLICT (id) DO NOTHING" : "")
            """)
    }

    /// Stores one op's row and counts it in its replica's statistics, unless it is stored already.
    ///
    /// - Parameter predIDs: the local ids of `pred`.
    /// - Returns: nil when the op was stored already, else whether it is a head: false when a
    ///   stored op already named it in its pred (``FactHeads/arrivesAsHead(_:)``).
    func store(id: Int64, party: Int64, field: Int64, kind: OperationKind, value: FactValue?, time: Int64,
               qualifiers: ClaimQualifiers, predIDs: [Int64], context: [OpExtra.ContextEntry]?) throws -> Bool? {
        insertOp.bind(1, id)
        insertOp.bind(2, party)
        insertOp.bind(3, field)
        insertOp.bind(4, Int64(kind.rawValue))
        insertOp.bind(5, value)
        let sinceEpoch = time &- (try statistics.epoch(OpID.replica(id), firstTime: time))
        insertOp.bind(6, blob: OpExtra.encoded(predIDs: predIDs, qualifiers: qualifiers, context: context, time: sinceEpoch))
        guard try insertOp.execute() > 0 else { return nil }
        let head = try heads.arrivesAsHead(id)
        if kind == .rank { heads.noteRankStored() }
        try statistics.noteStored(id)
        return head
    }
}
