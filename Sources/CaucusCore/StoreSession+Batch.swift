// Remote operations are merged in two sweeps: rows as they arrive, facts in batches.
//
// A changeset lists operations by replica and counter, which scatters them over
// the records. Each op's row is stored as it arrives (its party looked up or
// created), which appends it to the op table in id order and finds duplicates.
// The rest waits in a batch of up to `batchSize` operations, merged in (party,
// field, id) order: each fact's `fact_op` rows are read once for all its new ops,
// the ops they supersede lose their rows there and the new ops get theirs, so
// `fact_op` is swept once per batch. No op row is written twice (m004).
//
// The order cannot change the result: the merge is order-independent
// (invariants 2, 3 and 7 of the migrations hold whatever order ops arrive in),
// so a batch leaves exactly the state that merging its ops one by one would.

import GRDB

extension StoreSession {
    /// A remote operation whose row is stored, waiting in the batch to be linked into its fact.
    struct StoredOperation {
        var id: Int64
        var pid: Int64
        var field: Int64
        var kind: OperationKind
        var value: FactValue?
        var predIDs: [Int64]
        /// Whether no stored op had named it in its pred when it arrived (invariant 7).
        var head: Bool
        /// Whether its party was deleted when the transaction began.
        var partyDeleted: Bool
    }

    /// What the merged batches did so far in this transaction.
    struct BatchOutcome {
        var added = 0
        var duplicates = 0
        var newConflicts = 0
        var settledConflicts = 0
    }

    /// Stores a remote operation's row (unless it is stored already) and queues it for its
    /// fact; merges the batch when it is full. Its ids are resolved but its party's, which
    /// `known` may have looked up already.
    func enqueue(id: Int64, party name: String, known: KnownParty?, field: Int64, kind: OperationKind, value: FactValue?, time: Int64,
                 source: String?, asOf: String?, predIDs: [Int64], context: [OpExtra.ContextEntry]?) throws {
        if pending.isEmpty { batchFirstParty = nextNewParty }
        let pid = try party(name, known: known)
        guard let head = try storeRow(id: id, party: pid, field: field, kind: kind, value: value, time: time,
                                      source: source, asOf: asOf, predIDs: predIDs, context: context)
        else { batchOutcome.duplicates += 1; return }
        try noteStored(id)
        let deleted: Bool
        if case .found(_, let d)? = known { deleted = d } else { deleted = try isDeleted(pid) }
        pending.append(StoredOperation(id: id, pid: pid, field: field, kind: kind, value: value, predIDs: predIDs, head: head,
                                       partyDeleted: deleted))
        if pending.count >= batchSize { try flushPending() }
    }

    /// The heads of a fact as the transaction found it, read ahead from the ``StoreSnapshot``:
    /// their ids and, for a scalar fact with two or more, their kinds and values.
    struct FactHeads {
        var ids: [Int64] = []
        var entries: [(id: Int64, kind: Int64, value: FactValue?)]?
    }

    /// Links every queued operation into its fact, in (party, field, id) order.
    ///
    /// The first batch of a transaction with a ``StoreSnapshot`` reads its facts' heads there, on
    /// a thread of its own a few thousand facts ahead (``ReadAhead``), while this thread writes:
    /// before that batch, nothing in the transaction has changed a `fact_op` row, so the snapshot's
    /// are this connection's. Only a forged pred naming an op of another fact retires a row of a
    /// fact outside its own, which may then still be among that fact's heads read ahead: that
    /// fact's conflict state is counted again when the transaction finishes (`touchVictim`), and a
    /// row deleted twice is deleted once, so the outcome is the same.
    func flushPending() throws {
        guard !pending.isEmpty else { return }
        defer {
            pending.removeAll(keepingCapacity: true)
            batchKills.removeAll()
            forgetParties()
            snapshot = nil
        }
        sortPending()
        var groups: [Range<Int>] = []
        var start = 0
        while start < pending.count {
            let pid = pending[start].pid, fid = pending[start].field
            var end = start + 1
            while end < pending.count, pending[end].pid == pid, pending[end].field == fid { end += 1 }
            groups.append(start..<end)
            start = end
        }
        // Parties from `batchFirstParty` on were made by this batch: none has a stored op.
        let firstFresh = batchFirstParty
        guard let snapshot else {
            for range in groups { try mergeGroup(range, firstFresh: firstFresh, heads: nil) }
            return
        }
        let keys = groups.map { (pid: pending[$0.lowerBound].pid, field: pending[$0.lowerBound].field) }
        let setFields = setFields
        var next = 0
        try ReadAhead<FactHeads?>(chunkSize: 1024) { emit in
            try snapshot.read { db in
                let selectHeads = try FastStatement(db, sql: Self.selectHeadsSQL)
                let selectKindValue = try FastStatement(db, sql: Self.selectKindValueSQL)
                for key in keys {
                    guard key.field != 0, key.pid < firstFresh else { try emit(nil); continue }
                    var heads = FactHeads()
                    try Self.readHeads(selectHeads, party: key.pid, field: key.field, into: &heads.ids)
                    if heads.ids.count > 1 && !setFields.contains(key.field) {
                        heads.entries = try Self.storedEntries(selectKindValue, heads.ids)
                    }
                    try emit(heads)
                }
            }
        }.forEach { heads in
            try mergeGroup(groups[next], firstFresh: firstFresh, heads: heads)
            next += 1
        }
    }

    /// Sorts `pending` by (party, field, id): their keys, then the ops in place, one cycle of
    /// the permutation at a time, so that no second copy of the batch is made.
    private func sortPending() {
        struct Key { var pid, field, id: Int64; var index: Int }
        var keys = pending.indices.map { Key(pid: pending[$0].pid, field: pending[$0].field, id: pending[$0].id, index: $0) }
        keys.sort { ($0.pid, $0.field, $0.id) < ($1.pid, $1.field, $1.id) }
        // Position k takes the op at `source[k]`.
        var source = keys.map(\.index)
        keys = []
        for start in source.indices where source[start] != start {
            var k = start
            while source[k] != start {
                let j = source[k]
                pending.swapAt(k, j)   // k now holds its op; j holds the op that `start` held
                source[k] = k
                k = j
            }
            source[k] = k
        }
    }

    /// Links the ops of one fact, `pending[range]`, into it; `heads` as read ahead, if they were.
    private func mergeGroup(_ range: Range<Int>, firstFresh: Int64, heads: FactHeads?) throws {
        let pid = pending[range.lowerBound].pid, fid = pending[range.lowerBound].field
        if fid == 0 {
            // Record-level ops: their record's status is recomputed when the transaction finishes.
            for i in range {
                let op = pending[i]
                try link(id: op.id, party: pid, field: fid, kind: op.kind, value: op.value, predIDs: op.predIDs,
                         head: op.head && !batchKills.contains(op.id))
                batchOutcome.added += 1
            }
        } else {
            try mergeField(party: pid, field: fid, range, settle: !setFields.contains(fid), fresh: pid >= firstFresh,
                           readAhead: heads)
        }
    }

    static let selectHeadsSQL = "SELECT id FROM fact_op WHERE party = ? AND field = ?"
    static let selectKindValueSQL = "SELECT kind, value FROM op WHERE id = ?"

    /// Appends the ids of a fact's `fact_op` rows to `ids`.
    static func readHeads(_ statement: FastStatement, party pid: Int64, field fid: Int64, into ids: inout [Int64]) throws {
        statement.bind(1, pid)
        statement.bind(2, fid)
        defer { statement.reset() }
        while try statement.step() { ids.append(statement.int64(0)) }
    }

    /// Links the new ops of one field (`pending[range]`, sorted by id) into its current state and,
    /// for a scalar field, settles its conflict state.
    ///
    /// The field's `fact_op` rows are read once (none for a `fresh` party, one this batch made);
    /// a pred naming one of them supersedes it here, and any other pred takes the general path
    /// (``retireElsewhere(_:supersededBy:_:)``). Values are read only for a scalar field left with
    /// two or more heads: whether it was, and is, in conflict.
    private func mergeField(party pid: Int64, field fid: Int64, _ range: Range<Int>, settle: Bool, fresh: Bool,
                            readAhead: FactHeads?) throws {
        // The field's heads: those from before this batch first (`old` of them), then the new ones.
        var heads: [Int64] = []
        swap(&heads, &headsBuffer)
        heads.removeAll(keepingCapacity: true)
        defer { swap(&heads, &headsBuffer) }
        if let readAhead {
            heads.append(contentsOf: readAhead.ids)
        } else if !fresh {
            try Self.readHeads(selectHeads, party: pid, field: fid, into: &heads)
        }
        var old = heads.count
        let wasInConflict = try settle && old > 1 && Self.inConflict(try storedEntries(heads, readAhead))
        for i in range {
            for p in pending[i].predIDs {
                if let k = heads.firstIndex(of: p) {
                    heads.remove(at: k)
                    if k < old { old -= 1 }
                    _ = try removeHead(party: pid, field: fid, id: p)
                } else {
                    try retireElsewhere(p, supersededBy: pid, fid)
                }
            }
            let id = pending[i].id
            if pending[i].head && !batchKills.contains(id) {
                try addHead(party: pid, field: fid, id: id)
                heads.append(id)
            }
        }
        batchOutcome.added += range.count
        if !isNew(pid) { touchedParties.insert(pid) }
        if pending[range.lowerBound].partyDeleted { touchedRecords.insert(pid) }
        guard settle else { return }
        // The field is listed iff it was in conflict before this batch (invariant 5; a field
        // whose listing an op of another record changed is counted again when the transaction ends).
        var inConflict = false
        if heads.count > 1 {
            var entries = try storedEntries(Array(heads[..<old]), readAhead)
            for id in heads[old...] {
                guard let i = range.first(where: { pending[$0].id == id }) else { continue }
                entries.append((id, Int64(pending[i].kind.rawValue), pending[i].value))
            }
            inConflict = Self.inConflict(entries)
        }
        if inConflict != wasInConflict { try setListed(party: pid, field: fid, inConflict) }
    }

    /// The kinds and values of stored ops, by id: those read ahead, if they were.
    private func storedEntries(_ ids: [Int64], _ readAhead: FactHeads?) throws -> [(id: Int64, kind: Int64, value: FactValue?)] {
        guard let entries = readAhead?.entries else { return try Self.storedEntries(selectKindValue, ids) }
        return entries.filter { ids.contains($0.id) }
    }

    /// The kinds and values of stored ops, by id, read with `statement` (``selectKindValueSQL``).
    static func storedEntries(_ statement: FastStatement, _ ids: [Int64]) throws -> [(id: Int64, kind: Int64, value: FactValue?)] {
        var out: [(id: Int64, kind: Int64, value: FactValue?)] = []
        for id in ids {
            statement.bind(1, id)
            if try statement.step() { out.append((id, statement.int64(0), statement.factValue(1))) }
            statement.reset()
        }
        return out
    }

    /// Whether the heads hold two different set values (merge rule 2).
    private static func inConflict(_ heads: [(id: Int64, kind: Int64, value: FactValue?)]) -> Bool {
        Merge.isConflict(heads.lazy.filter { $0.kind == Int64(OperationKind.set.rawValue) }.compactMap(\.value))
    }
}
