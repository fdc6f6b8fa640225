// Remote operations are merged in batches, sorted by record.
//
// A changeset lists operations by replica and counter, which scatters them
// over the records: merged in that order, every operation visits a random
// page of the party index, the op table and its (party, field) index, and a
// large import spends most of its time re-reading pages its cache dropped.
// A batch of up to `batchSize` operations is instead merged in key order:
// parties are looked up in party-id order, then the operations of each
// (party, field) are stored together, in id order, so each B-tree is swept
// once per batch and a fact's live values are read once for all its new ops.
// The live ops they supersede are marked dead at the end of the transaction,
// in id order, so that the op table's pages are rewritten in one sweep rather
// than whenever a batch happens to touch them.
//
// The order cannot change the result: the merge is order-independent
// (invariants 2 and 3 of m001_store.sql, as m003 reads them, hold whatever
// order ops arrive in), so a batch leaves exactly the state that merging its
// ops one by one would.

import GRDB

extension StoreSession {
    /// A remote operation waiting in the batch, with its ids resolved except the party's.
    struct PendingOperation {
        var id: Int64
        var party: String
        var field: Int64
        var kind: OperationKind
        var value: FactValue?
        var time: Int64
        var source: String?
        var asOf: String?
        var predIDs: [Int64]
        var context: [OpExtra.ContextEntry]?
    }

    /// What the merged batches did so far in this transaction.
    struct BatchOutcome {
        var added = 0
        var duplicates = 0
        var newConflicts = 0
        var settledConflicts = 0
    }

    /// Queues a remote operation; merges the batch when it is full.
    func enqueue(_ op: PendingOperation) throws {
        pending.append(op)
        if pending.count >= batchSize { try flushPending() }
    }

    /// Merges every queued operation, in (party, field, id) order.
    func flushPending() throws {
        guard !pending.isEmpty else { return }
        defer {
            pending.removeAll(keepingCapacity: true)
            forgetParties()
        }
        // Parties: known ones looked up in index order, new ones created in arrival order.
        var unknown = Set<String>()
        for op in pending where partyCache[op.party] == nil { unknown.insert(op.party) }
        for name in unknown.sorted() { _ = try existingParty(name) }   // party ids are ASCII: byte order
        let freshFrom = nextNewParty   // parties from here on are made by this batch: none has a stored op
        var order: [(pid: Int64, field: Int64, id: Int64, index: Int)] = []
        order.reserveCapacity(pending.count)
        for (i, op) in pending.enumerated() {
            order.append((try partyCache[op.party] ?? party(op.party), op.field, op.id, i))
        }
        order.sort { ($0.pid, $0.field, $0.id) < ($1.pid, $1.field, $1.id) }
        var start = 0
        while start < order.count {
            let pid = order[start].pid, fid = order[start].field
            var end = start + 1
            while end < order.count, order[end].pid == pid, order[end].field == fid { end += 1 }
            let group = order[start..<end].lazy.map { self.pending[$0.index] }
            if fid == 0 {
                // Record-level ops: their record's status is recomputed when the transaction finishes.
                for op in group {
                    switch try insert(id: op.id, party: pid, field: fid, kind: op.kind, value: op.value, time: op.time,
                                      source: op.source, asOf: op.asOf, predIDs: op.predIDs, context: op.context) {
                    case .inserted: batchOutcome.added += 1
                    case .duplicate: batchOutcome.duplicates += 1
                    }
                }
            } else {
                try mergeField(party: pid, field: fid, group, settle: !setFields.contains(fid), fresh: pid >= freshFrom)
            }
            start = end
        }
    }

    /// Marks the ops the batches superseded dead (invariant 2), in id order.
    func markPendingKills() throws {
        for id in pendingKills.sorted() {
            killLive.bind(1, id)
            try killLive.execute()
        }
        pendingKills.removeAll()
    }

    /// Stores the new ops of one field (sorted by id) and, for a scalar field, settles its conflict state.
    ///
    /// The field's live ops are read once (none for a `fresh` party, one this batch made);
    /// a pred naming one of them supersedes it here, and any other pred takes the general
    /// path (``retire(_:supersededBy:_:)``).
    private func mergeField(party pid: Int64, field fid: Int64, _ ops: some Sequence<PendingOperation>,
                            settle: Bool, fresh: Bool) throws {
        var live: [(id: Int64, kind: Int64, value: FactValue?)] = []
        selectLiveKinds.bind(1, pid)
        selectLiveKinds.bind(2, fid)
        while try !fresh && selectLiveKinds.step() {
            let id = selectLiveKinds.int64(0)
            if pendingKills.contains(id) { continue }
            live.append((id, selectLiveKinds.int64(1), selectLiveKinds.factValue(2)))
        }
        selectLiveKinds.reset()
        let wasInConflict = settle && Self.inConflict(live)
        var stored = 0
        for op in ops {
            guard let isLive = try storeRow(id: op.id, party: pid, field: fid, kind: op.kind, value: op.value, time: op.time,
                                            source: op.source, asOf: op.asOf, predIDs: op.predIDs, context: op.context)
            else { batchOutcome.duplicates += 1; continue }
            stored += 1
            for p in op.predIDs {
                if let k = live.firstIndex(where: { $0.id == p }) {
                    live.remove(at: k)
                    pendingKills.insert(p)
                } else {
                    try retire(p, supersededBy: pid, fid)
                }
            }
            if isLive { live.append((op.id, Int64(op.kind.rawValue), op.value)) }
            try noteStored(op.id)
        }
        guard stored > 0 else { return }
        batchOutcome.added += stored
        if !isNew(pid) { touchedParties.insert(pid) }
        if try isDeleted(pid) { touchedRecords.insert(pid) }
        guard settle else { return }
        // The field is listed iff it was in conflict before this batch (invariant 5; a field
        // whose listing an op of another record changed is counted again when the transaction ends).
        let inConflict = Self.inConflict(live)
        if inConflict != wasInConflict { try setListed(party: pid, field: fid, inConflict) }
    }

    /// Whether live ops hold two set values that SQLite does not hold equal (the test of `finish`).
    private static func inConflict(_ live: [(id: Int64, kind: Int64, value: FactValue?)]) -> Bool {
        var first: FactValue?
        for entry in live where entry.kind == Int64(OperationKind.set.rawValue) {
            guard let value = entry.value else { continue }
            if let first { if !value.storedEqual(first) { return true } } else { first = value }
        }
        return false
    }
}

extension FactValue {
    /// Whether SQLite compares the two stored values as equal: numbers by value
    /// (the integer 1 equals the real 1.0), text byte by byte, a number never equal to text.
    func storedEqual(_ other: FactValue) -> Bool {
        switch (self, other) {
        case (.text(let a), .text(let b)): return a.utf8.elementsEqual(b.utf8)
        case (.integer(let a), .integer(let b)): return a == b
        case (.real(let a), .real(let b)): return a == b
        case (.integer(let i), .real(let d)), (.real(let d), .integer(let i)):
            guard d.rounded(.towardZero) == d, d >= -0x1p63, d < 0x1p63 else { return false }
            return Int64(d) == i
        default: return false
        }
    }
}
