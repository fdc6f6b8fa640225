// Remote operations are merged in two sweeps: rows as they arrive, facts in batches.
//
// A changeset lists operations by replica and counter, which scatters them over
// the records. Each op's row is stored as it arrives (its party looked up or
// made), which appends it to the op table in id order and finds duplicates.
// The rest waits in a batch of up to `capacity` operations, merged in (party,
// field, id) order: each fact's `fact_op` rows are read once for all its new ops,
// the ops they supersede lose their rows there and the new ops get theirs, so
// `fact_op` is swept once per batch. No op row is written twice (m004).
//
// The order cannot change the result: the merge is order-independent
// (invariants 2, 3 and 7 of the migrations hold whatever order ops arrive in),
// so a batch leaves exactly the state that merging its ops one by one would.

import GRDB

/// The batch merge of one transaction's remote operations: the queue of operations whose rows are
/// stored, and its merge into their facts, sorted by key (see above).
final class BatchMerge {
    /// A remote operation whose row is stored, waiting in the batch to be linked into its fact.
    struct QueuedOperation {
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

    private let parties: PartyDirectory
    private let fields: FieldDirectory
    private let rows: OperationRows
    private let heads: FactHeads
    private let derived: DerivedState
    /// How many operations are merged together at most; at least 1.
    let capacity: Int
    /// The operations whose rows are stored and that wait to be linked into their facts; fewer than `capacity`.
    private var queue: [QueuedOperation] = []
    /// The local id of the first party made since `queue` was last empty: from it on, parties have no op linked.
    private var firstPartyOfBatch: Int64 = 0
    /// The storage ``mergeField(party:field:_:settle:fresh:readAhead:)`` lists a fact's heads in,
    /// kept from one fact to the next; empty between facts.
    private var headsBuffer: [Int64] = []
    /// Where the next batch reads its facts' heads ahead, while it may: until the first batch has
    /// been merged (see ``flush()``); nil after, or with no snapshot.
    private var snapshot: StoreSnapshot?
    /// Operations stored so far in this transaction; those still queued included.
    private(set) var storedCount = 0
    /// Operations skipped so far because they were stored already.
    private(set) var duplicateCount = 0

    init(parties: PartyDirectory, fields: FieldDirectory, rows: OperationRows, heads: FactHeads, derived: DerivedState,
         capacity: Int, snapshot: StoreSnapshot?) {
        self.parties = parties
        self.fields = fields
        self.rows = rows
        self.heads = heads
        self.derived = derived
        self.capacity = max(1, capacity)
        self.snapshot = snapshot
    }

    /// Stores a remote operation's row (unless it is stored already) and queues it for its fact;
    /// merges the batch when it is full. Its ids are resolved but its party's, which `known` may
    /// have looked up already.
    func enqueue(id: Int64, party name: String, known: KnownParty?, field: Int64, kind: OperationKind, value: FactValue?, time: Int64,
                 qualifiers: ClaimQualifiers, predIDs: [Int64], context: [OpExtra.ContextEntry]?) throws {
        if queue.isEmpty { firstPartyOfBatch = parties.nextNewParty }
        let pid = try parties.resolve(name, known: known).pid
        guard let head = try rows.store(id: id, party: pid, field: field, kind: kind, value: value, time: time,
                                        qualifiers: qualifiers, predIDs: predIDs, context: context)
        else { duplicateCount += 1; return }
        let deleted: Bool
        if case .found(_, let d)? = known { deleted = d } else { deleted = try parties.isDeleted(pid) }
        queue.append(QueuedOperation(id: id, pid: pid, field: field, kind: kind, value: value, predIDs: predIDs, head: head,
                                     partyDeleted: deleted))
        if queue.count >= capacity { try flush() }
    }

    /// Links every queued operation into its fact, in (party, field, id) order.
    ///
    /// The first batch of a transaction with a ``StoreSnapshot`` reads its facts' heads there, on a
    /// thread of its own a few thousand facts ahead (``StoreSnapshot/forEachFactsHeads(_:firstFresh:setFields:_:)``),
    /// while this thread writes: before that batch, nothing in the transaction has changed a
    /// `fact_op` row, so the snapshot's are this connection's. Only a forged pred naming an op of
    /// another fact retires a row of a fact outside its own, which may then still be among that
    /// fact's heads read ahead: that fact's conflict state is counted again when the transaction
    /// finishes (``DerivedState/noteRetiredFromAnotherFact(_:)``), and a row deleted twice is
    /// deleted once, so the outcome is the same.
    func flush() throws {
        guard !queue.isEmpty else { return }
        defer {
            queue.removeAll(keepingCapacity: true)
            heads.endBatch()
            parties.forgetLookups()
            snapshot = nil
        }
        sortQueue()
        var groups: [Range<Int>] = []
        var start = 0
        while start < queue.count {
            let pid = queue[start].pid, fid = queue[start].field
            var end = start + 1
            while end < queue.count, queue[end].pid == pid, queue[end].field == fid { end += 1 }
            groups.append(start..<end)
            start = end
        }
        // Parties from `firstPartyOfBatch` on were made by this batch: none has a stored op.
        let firstFresh = firstPartyOfBatch
        guard let snapshot else {
            for range in groups { try mergeGroup(range, firstFresh: firstFresh, heads: nil) }
            return
        }
        let facts = groups.map { FactKey(party: queue[$0.lowerBound].pid, field: queue[$0.lowerBound].field) }
        var next = 0
        try snapshot.forEachFactsHeads(facts, firstFresh: firstFresh, setFields: fields.setFields) { heads in
            try mergeGroup(groups[next], firstFresh: firstFresh, heads: heads)
            next += 1
        }
    }

    /// Sorts `queue` by (party, field, id): their keys, then the ops in place, one cycle of the
    /// permutation at a time, so that no second copy of the batch is made.
    private func sortQueue() {
        struct Key { var pid, field, id: Int64; var index: Int }
        var keys = queue.indices.map { Key(pid: queue[$0].pid, field: queue[$0].field, id: queue[$0].id, index: $0) }
        keys.sort { ($0.pid, $0.field, $0.id) < ($1.pid, $1.field, $1.id) }
        // Position k takes the op at `source[k]`.
        var source = keys.map(\.index)
        keys = []
        for start in source.indices where source[start] != start {
            var k = start
            while source[k] != start {
                let j = source[k]
                queue.swapAt(k, j)   // k now holds its op; j holds the op that `start` held
                source[k] = k
                k = j
            }
            source[k] = k
        }
    }

    /// Links the ops of one fact, `queue[range]`, into it; `heads` as read ahead, if they were.
    private func mergeGroup(_ range: Range<Int>, firstFresh: Int64, heads readAhead: ReadAheadHeads?) throws {
        let pid = queue[range.lowerBound].pid, fid = queue[range.lowerBound].field
        if fid == 0 {
            // Record-level ops: their record's status is recomputed when the transaction finishes.
            for i in range {
                let op = queue[i]
                let head = op.head && !heads.isRetiredInBatch(op.id)
                for p in op.predIDs {
                    if let other = try heads.retire(p, supersededBy: pid, fid) { try derived.noteRetiredFromAnotherFact(other) }
                }
                if head { try heads.add(party: pid, field: fid, id: op.id) }
                derived.noteChanged(pid)
                derived.noteRecordChanged(pid)
                storedCount += 1
            }
        } else {
            try mergeField(party: pid, field: fid, range, fresh: pid >= firstFresh, readAhead: readAhead)
        }
    }

    /// Links the new ops of one field (`queue[range]`, sorted by id) into its current state and,
    /// for a scalar field or a ranked set field, settles its conflict state.
    ///
    /// The field's `fact_op` rows are read once (none for a `fresh` party, one this batch made);
    /// a pred naming one of them supersedes it here, and any other pred takes the general path
    /// (``FactHeads/retireElsewhere(_:supersededBy:_:)``). Ops are read only for a field left with
    /// two or more heads: whether it was, and is, in conflict. A set field can only be in
    /// conflict by its ranks (merge rule 7), so one that was never ranked is not read.
    private func mergeField(party pid: Int64, field fid: Int64, _ range: Range<Int>, fresh: Bool,
                            readAhead: ReadAheadHeads?) throws {
        let isSet = fields.isSet(fid)
        let settle = try !isSet || heads.isRanked(party: pid, field: fid)
        // The field's heads: those from before this batch first (`old` of them), then the new ones.
        var ids: [Int64] = []
        swap(&ids, &headsBuffer)
        ids.removeAll(keepingCapacity: true)
        defer { swap(&ids, &headsBuffer) }
        if let readAhead {
            ids.append(contentsOf: readAhead.ids)
        } else if !fresh {
            try heads.readHeads(party: pid, field: fid, into: &ids)
        }
        var old = ids.count
        let wasInConflict = try settle && old > 1 && Merge.isInConflict(try storedEntries(ids, readAhead), isSet: isSet)
        for i in range {
            for p in queue[i].predIDs {
                if let k = ids.firstIndex(of: p) {
                    ids.remove(at: k)
                    if k < old { old -= 1 }
                    _ = try heads.remove(party: pid, field: fid, id: p)
                } else if let other = try heads.retireElsewhere(p, supersededBy: pid, fid) {
                    try derived.noteRetiredFromAnotherFact(other)
                }
            }
            let id = queue[i].id
            if queue[i].head && !heads.isRetiredInBatch(id) {
                try heads.add(party: pid, field: fid, id: id)
                ids.append(id)
            }
        }
        storedCount += range.count
        derived.noteChanged(pid)
        if queue[range.lowerBound].partyDeleted { derived.noteRecordChanged(pid) }
        guard settle else { return }
        // The field is listed iff it was in conflict before this batch (invariant 5; a field
        // whose listing an op of another record changed is counted again when the transaction ends).
        var inConflict = false
        if ids.count > 1 {
            var entries = try storedEntries(Array(ids[..<old]), readAhead)
            if heads.holdsRanks {
                entries += try heads.storedEntries(Array(ids[old...]))
            } else {
                // With no rank op stored, only set values decide (rule 2): the queue has them.
                for id in ids[old...] {
                    guard let i = range.first(where: { queue[$0].id == id }) else { continue }
                    entries.append(HeadEntry(id: id, kind: queue[i].kind, value: queue[i].value, qualifiers: ClaimQualifiers()))
                }
            }
            inConflict = Merge.isInConflict(entries, isSet: isSet)
        }
        if inConflict != wasInConflict { try derived.setListed(party: pid, field: fid, inConflict) }
    }

    /// Stored ops as a conflict test reads them, by id: those read ahead, if they were.
    private func storedEntries(_ ids: [Int64], _ readAhead: ReadAheadHeads?) throws -> [HeadEntry] {
        guard let entries = readAhead?.entries else { return try heads.storedEntries(ids) }
        return entries.filter { ids.contains($0.id) }
    }
}
