import Foundation
import GRDB

/// The state of one write transaction: caches of ids, prepared statements,
/// and what the transaction touched, so that derived state (conflicts,
/// deletions, the search index) is recomputed for exactly those records when
/// it ends. Lives only inside `Database.write`; never escapes it.
final class StoreSession {
    /// Whose operations the transaction stores; it decides which fields can become conflicts.
    enum Mode {
        /// Local edits: an edit supersedes every live value of its field, so a field can
        /// only stop being a conflict, and only the caller knows which ones were (see ``touchField``).
        case local
        /// Operations from other replicas: any field of a record that existed before may change.
        case remote
    }

    let db: Database
    let schema: PartySchema
    let mode: Mode
    private(set) var partyCache: [String: Int64] = [:]
    private var fieldCache: [String: Int64] = [:]
    private var fieldNames: [Int64: String] = [:]
    private(set) var setFields: Set<Int64> = []
    private var replicaCache: [ReplicaID: Int64] = [:]
    /// Per replica index: highest counter and the number of ops added in this transaction.
    private var replicaStats: [Int64: (max: Int64, added: Int64)] = [:]
    /// Per replica index: the epoch its ops' stored times count from.
    private var epochs: [Int64: Int64] = [:]
    private var supersededCount: Int64
    /// Parties created in this transaction have local ids from this one up
    /// (`party.pid` is a rowid and parties are never removed).
    private let firstNewParty: Int64
    private var newParties = 0
    /// (party, field) pairs of records that existed before this transaction whose live values changed.
    private(set) var touchedFields: Set<FieldKey> = []
    /// Parties with a record-level op, or that were deleted and got any op.
    var touchedRecords: Set<Int64> = []
    /// Parties that existed before this transaction and got an op.
    var touchedParties: Set<Int64> = []
    private var deletedParties: [Int64: Bool] = [:]
    /// Every party the store held when the transaction began, by id, once ``existingParty(_:)``
    /// has looked up enough of them one by one; with whether each was deleted, by local id.
    private var knownParties: [String: Int64]?
    private var knownDeleted: [Bool] = []
    /// Whether ``forgetParties()`` has dropped parties this transaction made from `partyCache`.
    private var forgotNewParties = false
    /// How many parties ``existingParty(_:)`` has looked up one by one.
    private var partyLookups: Int64 = 0
    /// The live ops of the party created last in this transaction. Exact, since every op
    /// of a new party goes through this session; edit files list a new record's facts
    /// together, so loading a base needs no query for live values.
    private var newest: (party: Int64, live: [(field: Int64, id: Int64, value: FactValue?)])?
    /// Remote operations whose rows are stored, waiting to be linked into their facts (see `StoreSession+Batch.swift`).
    var pending: [StoredOperation] = []
    /// The local id of the first party made since the batch in `pending` began.
    var batchFirstParty: Int64 = 0
    /// The storage `mergeField` lists a fact's heads in, kept from one fact to the next.
    var headsBuffer: [Int64] = []
    /// How many remote operations are merged together at most.
    let batchSize: Int
    /// What the merged batches did: operations stored and skipped, conflicts made and settled.
    var batchOutcome = BatchOutcome()
    /// Stored ops that the batch being merged superseded without finding their `fact_op` row:
    /// ops of the batch whose own fact comes later in key order, which then get no row.
    var batchKills: Set<Int64> = []
    /// Where the next batch reads its facts' heads, while it may (see ``flushPending()``): until the
    /// first batch has been merged.
    var snapshot: StoreSnapshot?
    /// Fields whose listing as a conflict this transaction changed (an odd number of times).
    private var relisted: Set<FieldKey> = []

    private let insertOp: FastStatement
    private let insertHead: FastStatement
    private let deleteHead: FastStatement
    private let selectOpFact: FastStatement
    private let insertSuperseded: FastStatement
    private let deleteSuperseded: FastStatement
    private let selectLive: FastStatement
    let selectHeads: FastStatement
    let selectKindValue: FastStatement
    let listConflict: FastStatement
    let unlistConflict: FastStatement
    private let selectParty: FastStatement
    private let insertParty: FastStatement

    struct FieldKey: Hashable { var party: Int64; var field: Int64 }

    init(_ db: Database, schema: PartySchema, mode: Mode, batchSize: Int = 1 << 17, snapshot: StoreSnapshot? = nil) throws {
        self.db = db
        self.snapshot = snapshot
        self.schema = schema
        self.mode = mode
        self.batchSize = max(1, batchSize)
        // A local op's counter is past every stored one, so only remote ops can be duplicates.
        insertOp = try FastStatement(db, sql: """
            INSERT INTO op (id, party, field, kind, value, extra)
            VALUES (?, ?, ?, ?, ?, ?)\(mode == .remote ? " ON CONFLICT (id) DO NOTHING" : "")
            """)
        insertHead = try FastStatement(db, sql: "INSERT INTO fact_op (party, field, id) VALUES (?, ?, ?)")
        deleteHead = try FastStatement(db, sql: "DELETE FROM fact_op WHERE party = ? AND field = ? AND id = ?")
        selectOpFact = try FastStatement(db, sql: "SELECT party, field FROM op WHERE id = ?")
        insertSuperseded = try FastStatement(db, sql: "INSERT OR IGNORE INTO superseded (id) VALUES (?)")
        deleteSuperseded = try FastStatement(db, sql: "DELETE FROM superseded WHERE id = ?")
        selectLive = try FastStatement(db, sql: """
            SELECT f.id, o.value FROM fact_op f CROSS JOIN op o ON o.id = f.id
            WHERE f.party = ? AND f.field = ? AND o.kind IN \(OperationKind.liveKindsSQL)
            """)
        selectHeads = try FastStatement(db, sql: Self.selectHeadsSQL)
        selectKindValue = try FastStatement(db, sql: Self.selectKindValueSQL)
        listConflict = try FastStatement(db, sql: "INSERT OR IGNORE INTO conflict (party, field) VALUES (?, ?)")
        unlistConflict = try FastStatement(db, sql: "DELETE FROM conflict WHERE party = ? AND field = ?")
        selectParty = try FastStatement(db, sql: "SELECT pid, deleted FROM party WHERE id = ?")
        insertParty = try FastStatement(db, sql: "INSERT INTO party (id) VALUES (?)")
        supersededCount = try Int64.fetchOne(db, sql: "SELECT count(*) FROM superseded") ?? 0
        firstNewParty = (try Int64.fetchOne(db, sql: "SELECT max(pid) FROM party") ?? 0) + 1
        for row in try Row.fetchAll(db, sql: "SELECT fid, name FROM field") {
            noteField(row[0], row[1])
        }
    }

    private func noteField(_ fid: Int64, _ name: String) {
        fieldCache[name] = fid
        fieldNames[fid] = name
        if schema.field(name)?.isSet ?? false { setFields.insert(fid) }
    }

    // MARK: Ids

    /// The local index of `replica`, registering it (with `editor`) when new.
    func replicaIndex(_ replica: ReplicaID, editor: String = "?") throws -> Int64 {
        if let idx = replicaCache[replica] { return idx }
        if let idx = try Int64.fetchOne(db, sql: "SELECT idx FROM replica WHERE uid = ?", arguments: [replica.rawValue]) {
            if editor != "?" {
                try db.execute(sql: "UPDATE replica SET editor = ? WHERE idx = ? AND editor = '?'", arguments: [editor, idx])
            }
            replicaCache[replica] = idx
            return idx
        }
        try db.execute(sql: "INSERT INTO replica (uid, editor, first_seen) VALUES (?, ?, strftime('%s','now'))",
                       arguments: [replica.rawValue, editor])
        let idx = db.lastInsertedRowID
        replicaCache[replica] = idx
        return idx
    }

    /// The local id of party `id`, or nil when the store has never seen it.
    ///
    /// Looked up one by one, until a transaction has looked up an eighth of the parties the store
    /// held when it began: then all of those are read in one scan (``partyScanThreshold(_:)``).
    func existingParty(_ id: String) throws -> Int64? {
        if let knownParties {
            if let pid = knownParties[id] { return pid }
            if newParties == 0 { return nil }   // only a party made in this transaction can be missing
        }
        if let pid = partyCache[id] { return pid }
        selectParty.bind(1, id)
        defer { selectParty.reset() }
        guard try selectParty.step() else { return nil }
        let pid = selectParty.int64(0)
        partyCache[id] = pid
        if deletedParties[pid] == nil { deletedParties[pid] = selectParty.int64(1) != 0 }
        partyLookups += 1
        if knownParties == nil && partyLookups >= Self.partyScanThreshold(firstNewParty) {
            (knownParties, knownDeleted) = try Self.readParties(db, below: firstNewParty)
        }
        return pid
    }

    /// After how many parties looked up one by one a transaction reads all of them in one scan
    /// (``readParties(_:below:)``): an eighth of those the store held (at least 1,024), whose
    /// lookups cost about as much as the scan, so the cost still follows the change.
    static func partyScanThreshold(_ firstNewParty: Int64) -> Int64 { max(1024, (firstNewParty - 1) / 8) }

    /// The ids of every party below `firstNewParty` (those the store held when the transaction
    /// began), and whether each was deleted, by local id.
    static func readParties(_ db: Database, below firstNewParty: Int64) throws -> (byID: [String: Int64], deleted: [Bool]) {
        let all = try FastStatement(db, sql: "SELECT pid, id, deleted FROM party WHERE pid < ?")
        all.bind(1, firstNewParty)
        var byID: [String: Int64] = [:]
        byID.reserveCapacity(Int(firstNewParty))
        var deleted = [Bool](repeating: false, count: Int(firstNewParty))
        while try all.step() {
            let pid = all.int64(0)
            guard pid >= 0, let id = all.string(1) else { continue }
            byID[id] = pid
            deleted[Int(pid)] = all.int64(2) != 0
        }
        return (byID, deleted)
    }

    /// The local id of party `id`, creating the party row when new; `known` is what a
    /// ``PartyLookahead`` found for it, if one looked.
    func party(_ id: String, known: KnownParty? = nil) throws -> Int64 {
        switch known {
        case .found(let pid, _)?:
            return pid
        case .absent?:
            // Not in the store when the transaction began: made by this transaction (and still
            // cached, unless a batch has been merged since), or new.
            if let pid = partyCache[id] { return pid }
            if forgotNewParties, let pid = try existingParty(id) { return pid }
        case nil:
            if let pid = try existingParty(id) { return pid }
        }
        insertParty.bind(1, id)
        try insertParty.execute()
        let pid = db.lastInsertedRowID
        precondition(pid >= firstNewParty, "party rowids must grow")
        partyCache[id] = pid
        deletedParties[pid] = false
        newParties += 1
        if mode == .local { newest = (pid, []) }
        return pid
    }

    /// A lookahead of this transaction's parties with a snapshot of its own; nil when the store
    /// held no party when the transaction began, or no snapshot can be opened (``StoreSnapshot/open(beside:)``).
    func partyLookahead() throws -> PartyLookahead? {
        guard firstNewParty > 1, let snapshot = try StoreSnapshot.open(beside: db) else { return nil }
        return PartyLookahead(snapshot: snapshot, firstNewParty: firstNewParty)
    }

    /// Whether the party was created in this transaction.
    func isNew(_ pid: Int64) -> Bool { pid >= firstNewParty }

    /// Drops the cached party lookups (ids and deletion status, both as they were when the
    /// transaction began), so that a large import's memory follows its batch, not its size.
    /// The parties read in one scan stay: they are the store's, not the import's.
    func forgetParties() {
        if newParties > 0 { forgotNewParties = true }
        partyCache.removeAll()
        deletedParties.removeAll()
    }

    /// The local id the next party created will get.
    var nextNewParty: Int64 { firstNewParty + Int64(newParties) }

    /// Whether the party is deleted, as of the last recompute (the start of this transaction, or its end).
    func isDeleted(_ pid: Int64) throws -> Bool {
        if let d = deletedParties[pid] { return d }
        if pid < knownDeleted.count { return knownDeleted[Int(pid)] }
        let d = try Bool.fetchOne(db, sql: "SELECT deleted FROM party WHERE pid = ?", arguments: [pid]) ?? false
        deletedParties[pid] = d
        return d
    }

    /// Records a local delete or restore made in this transaction, before the recompute.
    func noteDeleted(_ pid: Int64, _ deleted: Bool) { deletedParties[pid] = deleted }

    /// The local id of field `name` (any name: fields of newer schemas are kept too).
    func field(_ name: String) throws -> Int64 {
        if let fid = fieldCache[name] { return fid }
        try db.execute(sql: "INSERT INTO field (name) VALUES (?)", arguments: [name])
        let fid = db.lastInsertedRowID
        noteField(fid, name)
        return fid
    }

    func fieldName(_ fid: Int64) -> String { fieldNames[fid] ?? "" }

    // MARK: Operations

    /// The live ops of a field: (local id, value).
    func liveEntries(party: Int64, field: Int64) throws -> [(id: Int64, value: FactValue?)] {
        var out: [(Int64, FactValue?)] = []
        if let newest, newest.party == party {
            for entry in newest.live where entry.field == field { out.append((entry.id, entry.value)) }
            return out
        }
        selectLive.bind(1, party)
        selectLive.bind(2, field)
        defer { selectLive.reset() }
        while try selectLive.step() { out.append((selectLive.int64(0), selectLive.factValue(1))) }
        return out
    }

    /// Marks a scalar field of a record that existed before this transaction for
    /// the conflict recompute at the end (remote ops do this themselves).
    func touchField(party: Int64, field: Int64) {
        if field != 0, !isNew(party), !setFields.contains(field) {
            touchedFields.insert(FieldKey(party: party, field: field))
        }
    }

    /// Marks the fact of a superseded op of another (party, field) for the recompute at the end.
    private func touchVictim(party: Int64, field: Int64) throws {
        if !isNew(party) { touchedParties.insert(party) }
        if try field == 0 || isDeleted(party) { touchedRecords.insert(party) }
        if field != 0, !setFields.contains(field) { touchedFields.insert(FieldKey(party: party, field: field)) }
    }

    enum InsertOutcome { case inserted, duplicate }

    /// Stores one operation and retires the operations it supersedes (invariants 1–3 and 7).
    ///
    /// - Parameter predIDs: the local ids of `pred`.
    func insert(id: Int64, party: Int64, field: Int64, kind: OperationKind, value: FactValue?,
                time: Int64, source: String?, asOf: String?, predIDs: [Int64], context: [OpExtra.ContextEntry]?) throws -> InsertOutcome {
        guard let head = try storeRow(id: id, party: party, field: field, kind: kind, value: value, time: time,
                                      source: source, asOf: asOf, predIDs: predIDs, context: context) else { return .duplicate }
        try noteStored(id)
        try link(id: id, party: party, field: field, kind: kind, value: value, predIDs: predIDs, head: head)
        return .inserted
    }

    /// Puts a stored op in its fact's current state: retires the ops its pred names, gives it
    /// its `fact_op` row when it is a `head` (no stored op named it), and marks what changed
    /// for the recompute at the end.
    func link(id: Int64, party: Int64, field: Int64, kind: OperationKind, value: FactValue?, predIDs: [Int64], head: Bool) throws {
        for p in predIDs { try retire(p, supersededBy: party, field) }
        if head { try addHead(party: party, field: field, id: id) }
        if newest?.party == party {
            if !predIDs.isEmpty { newest!.live.removeAll { predIDs.contains($0.id) } }
            if head && kind.isLive { newest!.live.append((field, id, value)) }
        }
        if !isNew(party) { touchedParties.insert(party) }
        if try field == 0 || isDeleted(party) {
            touchedRecords.insert(party)
        }
        if mode == .remote { touchField(party: party, field: field) }
    }

    /// Writes the op's row (invariant 1); nil when the op was already stored, else whether it is
    /// a head: false when a stored op already named it in its pred (invariant 3).
    func storeRow(id: Int64, party: Int64, field: Int64, kind: OperationKind, value: FactValue?,
                  time: Int64, source: String?, asOf: String?, predIDs: [Int64], context: [OpExtra.ContextEntry]?) throws -> Bool? {
        insertOp.bind(1, id)
        insertOp.bind(2, party)
        insertOp.bind(3, field)
        insertOp.bind(4, Int64(kind.rawValue))
        insertOp.bind(5, value)
        let sinceEpoch = time &- (try epoch(OpID.replica(id), firstTime: time))
        insertOp.bind(6, blob: OpExtra(predIDs: predIDs, source: source, asOf: asOf, context: context, time: sinceEpoch).encoded())
        guard try insertOp.execute() > 0 else { return nil }
        if supersededCount > 0 {
            deleteSuperseded.bind(1, id)
            if try deleteSuperseded.execute() > 0 {
                supersededCount -= 1
                return false
            }
        }
        return true
    }

    /// Gives a stored op its `fact_op` row (invariant 7).
    func addHead(party: Int64, field: Int64, id: Int64) throws {
        insertHead.bind(1, party)
        insertHead.bind(2, field)
        insertHead.bind(3, id)
        try insertHead.execute()
    }

    /// Deletes the `fact_op` row of op `id` of (`party`, `field`); whether there was one.
    func removeHead(party: Int64, field: Int64, id: Int64) throws -> Bool {
        deleteHead.bind(1, party)
        deleteHead.bind(2, field)
        deleteHead.bind(3, id)
        return try deleteHead.execute() > 0
    }

    /// Retires the op `p` named in the pred of an op just stored for (`party`, `field`):
    /// takes it out of its fact's current state, or records it as superseded if it is not
    /// stored (invariants 2, 3 and 7).
    func retire(_ p: Int64, supersededBy party: Int64, _ field: Int64) throws {
        // A pred names an op of its own fact, as every honest writer's does.
        if try removeHead(party: party, field: field, id: p) {
            if newest?.party == party { newest!.live.removeAll { $0.id == p } }
            return
        }
        try retireElsewhere(p, supersededBy: party, field)
    }

    /// Retires the op `p`, which has no `fact_op` row in (`party`, `field`), named in the pred
    /// of an op just stored for that fact (see ``retire(_:supersededBy:_:)``).
    func retireElsewhere(_ p: Int64, supersededBy party: Int64, _ field: Int64) throws {
        if batchKills.contains(p) { return }   // stored, and already superseded
        selectOpFact.bind(1, p)
        defer { selectOpFact.reset() }
        guard try selectOpFact.step() else {
            insertSuperseded.bind(1, p)
            supersededCount += Int64(try insertSuperseded.execute())
            return
        }
        let victimParty = selectOpFact.int64(0), victimField = selectOpFact.int64(1)
        // Stored but without a row: superseded already, or an op of this batch whose fact comes later.
        if mode == .remote { batchKills.insert(p) }
        if victimParty != party || victimField != field, try removeHead(party: victimParty, field: victimField, id: p) {
            // A pred may name an op of another fact (only a forged or buggy
            // writer does): its fact's derived state must be recomputed too.
            try touchVictim(party: victimParty, field: victimField)
            if newest?.party == victimParty { newest!.live.removeAll { $0.id == p } }
        }
    }

    /// Counts a newly stored op in its replica's statistics (invariant 4).
    func noteStored(_ id: Int64) throws {
        let idx = OpID.replica(id), counter = OpID.counter(id)
        if let i = replicaStats.index(forKey: idx) {
            replicaStats.values[i].max = Swift.max(replicaStats.values[i].max, counter)
            replicaStats.values[i].added += 1
        } else {
            let stored = try Int64.fetchOne(db, sql: "SELECT max_counter FROM replica WHERE idx = ?", arguments: [idx]) ?? 0
            replicaStats[idx] = (Swift.max(stored, counter), 1)
        }
    }

    /// The epoch that the stored times of a replica's ops count from (m003 invariant 6):
    /// fixed at `firstTime` by the first op of the replica this store holds.
    func epoch(_ idx: Int64, firstTime: Int64) throws -> Int64 {
        if let e = epochs[idx] { return e }
        let row = try Row.fetchOne(db, sql: "SELECT epoch, op_count FROM replica WHERE idx = ?", arguments: [idx])
        var e: Int64 = row?[0] ?? 0
        if (row?[1] as Int64? ?? 0) == 0 && replicaStats[idx] == nil {
            try db.execute(sql: "UPDATE replica SET epoch = ? WHERE idx = ?", arguments: [firstTime, idx])
            e = firstTime
        }
        epochs[idx] = e
        return e
    }

    /// The highest counter of a replica, including ops stored in this transaction.
    func maxCounter(_ idx: Int64) throws -> Int64 {
        if let s = replicaStats[idx] { return s.max }
        return try Int64.fetchOne(db, sql: "SELECT max_counter FROM replica WHERE idx = ?", arguments: [idx]) ?? 0
    }

    // MARK: Finishing

    /// What the transaction changed in derived state.
    struct Outcome {
        var newConflicts = 0
        var settledConflicts = 0
        var partiesTouched = 0
    }

    /// Brings derived state up to date for what this transaction touched (invariants 4–5).
    ///
    /// Merges the remote operations still pending, then counts conflicts again
    /// for the touched fields that the batches did not settle themselves, and
    /// recomputes the touched records' status, in key order.
    func finish() throws -> Outcome {
        try flushPending()
        var outcome = Outcome()
        for (idx, s) in replicaStats {
            try db.execute(sql: "UPDATE replica SET max_counter = ?, op_count = op_count + ? WHERE idx = ?",
                           arguments: [s.max, s.added, idx])
        }
        let setValues = try FastStatement(db, sql: """
            SELECT o.value FROM fact_op f CROSS JOIN op o ON o.id = f.id
            WHERE f.party = ? AND f.field = ? AND o.kind = \(OperationKind.set.rawValue)
            """)
        let isListed = try FastStatement(db, sql: "SELECT 1 FROM conflict WHERE party = ? AND field = ?")
        var values: [FactValue] = []
        for key in touchedFields.sorted(by: { ($0.party, $0.field) < ($1.party, $1.field) }) {
            values.removeAll(keepingCapacity: true)
            setValues.bind(1, key.party)
            setValues.bind(2, key.field)
            while try setValues.step() { if let value = setValues.factValue(0) { values.append(value) } }
            setValues.reset()
            isListed.bind(1, key.party)
            isListed.bind(2, key.field)
            let listed = try isListed.step()
            isListed.reset()
            let inConflict = Merge.isConflict(values)
            if inConflict != listed { try setListed(party: key.party, field: key.field, inConflict) }
        }
        outcome.newConflicts = batchOutcome.newConflicts
        outcome.settledConflicts = batchOutcome.settledConflicts
        if !touchedRecords.isEmpty {
            let statements = try RecordStatusStatements(db)
            for pid in touchedRecords.sorted() { try recomputeRecordStatus(pid, statements) }
        }
        try StaleParties.mark(touchedParties.union(firstNewParty..<firstNewParty + Int64(newParties)), in: db)
        outcome.partiesTouched = touchedParties.count + newParties
        return outcome
    }

    /// Lists the field as a conflict, or takes it off the list, and counts the change:
    /// a field listed and unlisted again in one transaction counts as neither.
    func setListed(party: Int64, field: Int64, _ inConflict: Bool) throws {
        let statement = inConflict ? listConflict : unlistConflict
        statement.bind(1, party)
        statement.bind(2, field)
        guard try statement.execute() > 0 else { return }
        let back = relisted.remove(FieldKey(party: party, field: field)) != nil
        if !back { relisted.insert(FieldKey(party: party, field: field)) }
        switch (inConflict, back) {
        case (true, false): batchOutcome.newConflicts += 1
        case (false, false): batchOutcome.settledConflicts += 1
        case (true, true): batchOutcome.settledConflicts -= 1
        case (false, true): batchOutcome.newConflicts -= 1
        }
    }

    /// Recomputes `party.deleted` and `party.delete_conflict` from the ops (invariant 5, as
    /// m004 reads it): deleted iff a live delete exists; in conflict iff also some op of the
    /// record's `fact_op` rows other than its deletes is in none of the live deletes' contexts.
    private func recomputeRecordStatus(_ pid: Int64, _ statements: RecordStatusStatements) throws {
        var contexts: [[OpExtra.ContextEntry]] = []
        statements.liveDeletes.bind(1, pid)
        defer { statements.liveDeletes.reset() }
        while try statements.liveDeletes.step() {
            contexts.append(statements.liveDeletes.withBlob(0) { OpExtra($0).context } ?? [])
        }
        let deleted = !contexts.isEmpty
        var otherHeads: [Int64] = []
        if deleted {
            statements.otherOps.bind(1, pid)
            defer { statements.otherOps.reset() }
            while try statements.otherOps.step() { otherHeads.append(statements.otherOps.int64(0)) }
        }
        let conflict = Merge.isDeleteConflict(otherHeads: otherHeads, deleteContexts: contexts) { OpExtra.ContextEntry.contains($0, $1) }
        statements.update.bind(1, deleted)
        statements.update.bind(2, conflict)
        statements.update.bind(3, pid)
        try statements.update.execute()
        deletedParties[pid] = deleted
    }

    /// The statements of ``recomputeRecordStatus(_:_:)``, prepared once per transaction.
    private struct RecordStatusStatements {
        let liveDeletes, otherOps, update: FastStatement

        init(_ db: Database) throws {
            liveDeletes = try FastStatement(db, sql: """
                SELECT o.extra FROM fact_op f CROSS JOIN op o ON o.id = f.id
                WHERE f.party = ? AND f.field = 0 AND o.kind = \(OperationKind.delete.rawValue)
                """)
            // Superseded ops are left out (m004): each is judged by the op that superseded it.
            otherOps = try FastStatement(db, sql: """
                SELECT id FROM fact_op f
                WHERE party = ? AND (field != 0 OR (SELECT kind FROM op WHERE op.id = f.id) != \(OperationKind.delete.rawValue))
                """)
            update = try FastStatement(db, sql: "UPDATE party SET deleted = ?, delete_conflict = ? WHERE pid = ?")
        }
    }
}
