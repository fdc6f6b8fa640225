// Remote operations are merged in batches, in two sweeps.
//
// A changeset lists operations by replica and counter, which scatters them
// over the records: merged in that order, every operation would visit a random
// page of the party table and of `fact_op`. A batch of up to `batchSize`
// operations is instead merged in two passes. First the rows: parties are looked
// up in party-id order, and the ops' rows are appended to the op table in id
// order (a changeset's own order, nearly), which also finds the duplicates. Then
// the facts, in (party, field, id) order: each fact's `fact_op` rows are read
// once for all its new ops, the ops they supersede lose their rows there and the
// new ops get theirs, so `fact_op` is swept once per batch. No op row is written
// twice (m004).
//
// The order cannot change the result: the merge is order-independent
// (invariants 2, 3 and 7 of the migrations hold whatever order ops arrive in),
// so a batch leaves exactly the state that merging its ops one by one would.

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

    /// Merges every queued operation: rows in id order, then facts in (party, field, id) order.
    func flushPending() throws {
        guard !pending.isEmpty else { return }
        defer {
            pending.removeAll(keepingCapacity: true)
            batchKills.removeAll()
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
        // The rows, appended in id order: per op, whether it was stored now and is a head (invariant 7).
        order.sort { $0.id < $1.id }
        var state = [RowState](repeating: .duplicate, count: pending.count)
        for entry in order {
            let op = pending[entry.index]
            guard let head = try storeRow(id: op.id, party: entry.pid, field: op.field, kind: op.kind, value: op.value,
                                          time: op.time, source: op.source, asOf: op.asOf, predIDs: op.predIDs, context: op.context)
            else { batchOutcome.duplicates += 1; continue }
            state[entry.index] = head ? .head : .superseded
            try noteStored(op.id)
        }
        // The facts, in key order.
        order.sort { ($0.pid, $0.field, $0.id) < ($1.pid, $1.field, $1.id) }
        var start = 0
        while start < order.count {
            let pid = order[start].pid, fid = order[start].field
            var end = start + 1
            while end < order.count, order[end].pid == pid, order[end].field == fid { end += 1 }
            let group = order[start..<end].filter { state[$0.index] != .duplicate }
                .map { (op: pending[$0.index], head: state[$0.index] == .head) }
            if group.isEmpty {
                // Every op of the fact was stored already.
            } else if fid == 0 {
                // Record-level ops: their record's status is recomputed when the transaction finishes.
                for (op, head) in group {
                    try link(id: op.id, party: pid, field: fid, kind: op.kind, value: op.value, predIDs: op.predIDs,
                             head: head && !batchKills.contains(op.id))
                    batchOutcome.added += 1
                }
            } else {
                try mergeField(party: pid, field: fid, group, settle: !setFields.contains(fid), fresh: pid >= freshFrom)
            }
            start = end
        }
    }

    /// What the first pass did with a pending op's row.
    private enum RowState { case duplicate, head, superseded }

    /// Links the new ops of one field (stored, sorted by id) into its current state and, for a
    /// scalar field, settles its conflict state.
    ///
    /// The field's `fact_op` rows are read once (none for a `fresh` party, one this batch made);
    /// a pred naming one of them supersedes it here, and any other pred takes the general path
    /// (``retire(_:supersededBy:_:)``). Values are read only for a scalar field left with two or
    /// more live ops: whether it was, and is, in conflict.
    private func mergeField(party pid: Int64, field fid: Int64, _ ops: [(op: PendingOperation, head: Bool)],
                            settle: Bool, fresh: Bool) throws {
        var heads: [Int64] = []
        if !fresh {
            selectHeads.bind(1, pid)
            selectHeads.bind(2, fid)
            while try selectHeads.step() { heads.append(selectHeads.int64(0)) }
            selectHeads.reset()
        }
        let before = heads.count
        let wasInConflict = try settle && before > 1 && Self.inConflict(try storedEntries(heads))
        var added: [(id: Int64, kind: Int64, value: FactValue?)] = []
        for (op, head) in ops {
            for p in op.predIDs {
                if let k = heads.firstIndex(of: p) {
                    heads.remove(at: k)
                    _ = try removeHead(party: pid, field: fid, id: p)
                    added.removeAll { $0.id == p }
                } else {
                    try retireElsewhere(p, supersededBy: pid, fid)
                }
            }
            if head && !batchKills.contains(op.id) {
                try addHead(party: pid, field: fid, id: op.id)
                heads.append(op.id)
                added.append((op.id, Int64(op.kind.rawValue), op.value))
            }
            batchOutcome.added += 1
        }
        if !isNew(pid) { touchedParties.insert(pid) }
        if try isDeleted(pid) { touchedRecords.insert(pid) }
        guard settle else { return }
        // The field is listed iff it was in conflict before this batch (invariant 5; a field
        // whose listing an op of another record changed is counted again when the transaction ends).
        let inConflict: Bool
        if heads.count < 2 {
            inConflict = false
        } else {
            let kept = Set(added.map(\.id))
            inConflict = try Self.inConflict(try storedEntries(heads.filter { !kept.contains($0) }) + added)
        }
        if inConflict != wasInConflict { try setListed(party: pid, field: fid, inConflict) }
    }

    /// The kinds and values of stored ops, by id.
    private func storedEntries(_ ids: [Int64]) throws -> [(id: Int64, kind: Int64, value: FactValue?)] {
        var out: [(id: Int64, kind: Int64, value: FactValue?)] = []
        for id in ids {
            selectKindValue.bind(1, id)
            if try selectKindValue.step() { out.append((id, selectKindValue.int64(0), selectKindValue.factValue(1))) }
            selectKindValue.reset()
        }
        return out
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
