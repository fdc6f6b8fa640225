import GRDB

/// A fact: one field of one record, by local ids; field 0 holds the record-level ops.
struct FactKey: Hashable {
    var party: Int64
    var field: Int64
}

/// The state derived from the heads, as one write transaction keeps it up to date: the `conflict`
/// listing (merge rules 2 and 7), each record's `deleted` and `delete_conflict` (rules 4 and 5; invariant
/// 5 of `m001_store.sql`) and the search index's stale parties (``StaleParties``).
///
/// The rules themselves are ``Merge``'s: a field is in conflict iff ``Merge/isInConflict(_:isSet:)``
/// says so of its heads, a record iff ``Merge/isDeleteConflict(otherHeads:deleteContexts:sees:)``
/// says so of its heads. This type only decides which facts to ask about, and writes the answers.
final class DerivedState {
    private let db: Database
    private let parties: PartyDirectory
    private let fields: FieldDirectory
    private let heads: FactHeads
    private let listConflict: FastStatement
    private let unlistConflict: FastStatement

    /// Fields of records older than this transaction whose heads changed without their listing
    /// being settled (``setListed(party:field:_:)``): recounted when it finishes.
    private var fieldsToRecount: Set<FactKey> = []
    /// Parties with a record-level op, or that were deleted and got any op: their status is
    /// recomputed when the transaction finishes.
    private var recordsToRecompute: Set<Int64> = []
    /// Parties older than this transaction that got an op: their search text is stale.
    private(set) var changedParties: Set<Int64> = []
    /// Fields whose listing as a conflict this transaction changed an odd number of times.
    private var flippedListings: Set<FactKey> = []
    /// Fields that became a conflict in this transaction, less those listed before that it settled and listed again.
    private(set) var newConflicts = 0
    /// Fields whose conflict this transaction settled, less those it listed and then settled again.
    private(set) var settledConflicts = 0

    init(_ db: Database, parties: PartyDirectory, fields: FieldDirectory, heads: FactHeads) throws {
        self.db = db
        self.parties = parties
        self.fields = fields
        self.heads = heads
        listConflict = try FastStatement(db, sql: "INSERT OR IGNORE INTO conflict (party, field) VALUES (?, ?)")
        unlistConflict = try FastStatement(db, sql: "DELETE FROM conflict WHERE party = ? AND field = ?")
    }

    // MARK: What changed

    /// Notes an op linked into fact (`party`, `field`) outside a batch's settle step.
    func noteLinked(party: Int64, field: Int64) throws {
        noteChanged(party)
        if try field == 0 || parties.isDeleted(party) { recordsToRecompute.insert(party) }
    }

    /// Notes that the party got an op.
    func noteChanged(_ party: Int64) {
        if !parties.isNew(party) { changedParties.insert(party) }
    }

    /// Notes that the record's status must be recomputed.
    func noteRecordChanged(_ party: Int64) { recordsToRecompute.insert(party) }

    /// Marks a field of a record older than this transaction for the conflict recount at the end,
    /// if it can be in conflict (a single-valued field, or a set field with a rank): for a local
    /// edit (remote ops settle their fields in the batch merge).
    func noteFieldChanged(party: Int64, field: Int64) throws {
        if field != 0, !parties.isNew(party), try !fields.isSet(field) || heads.isRanked(party: party, field: field) {
            fieldsToRecount.insert(FactKey(party: party, field: field))
        }
    }

    /// Marks the fact whose head a pred of another fact retired (``FactHeads/OtherFact``) for the
    /// recompute at the end: the fact that the pred's op belongs to settles only its own.
    func noteRetiredFromAnotherFact(_ fact: FactHeads.OtherFact) throws {
        noteChanged(fact.party)
        if try fact.field == 0 || parties.isDeleted(fact.party) { recordsToRecompute.insert(fact.party) }
        if fact.field != 0, try !fields.isSet(fact.field) || heads.isRanked(party: fact.party, field: fact.field) {
            fieldsToRecount.insert(FactKey(party: fact.party, field: fact.field))
        }
    }

    /// Marks every fact of the field for the conflict recount at the end, new records' included:
    /// for a field whose kind the transaction's definitions changed. O(the `fact_op` table), as
    /// no index leads with the field; only a change of definitions pays it.
    func recountEverywhere(field: Int64) throws {
        let statement = try FastStatement(db, sql: "SELECT DISTINCT party FROM fact_op WHERE field = ?")
        statement.bind(1, field)
        while try statement.step() { fieldsToRecount.insert(FactKey(party: statement.int64(0), field: field)) }
    }

    // MARK: Writing it

    /// Lists the field as a conflict, or takes it off the list, and counts the change: a field
    /// listed and unlisted again in one transaction counts as neither.
    func setListed(party: Int64, field: Int64, _ inConflict: Bool) throws {
        let statement = inConflict ? listConflict : unlistConflict
        statement.bind(1, party)
        statement.bind(2, field)
        guard try statement.execute() > 0 else { return }
        let back = flippedListings.remove(FactKey(party: party, field: field)) != nil
        if !back { flippedListings.insert(FactKey(party: party, field: field)) }
        switch (inConflict, back) {
        case (true, false): newConflicts += 1
        case (false, false): settledConflicts += 1
        case (true, true): settledConflicts -= 1
        case (false, true): newConflicts -= 1
        }
    }

    /// Brings the derived state up to date for what the transaction changed, in key order: counts
    /// the noted fields' conflicts again, recomputes the noted records' status, and marks the
    /// changed and new parties stale for the search index.
    func finish() throws {
        let isListed = try FastStatement(db, sql: "SELECT 1 FROM conflict WHERE party = ? AND field = ?")
        for key in fieldsToRecount.sorted(by: { ($0.party, $0.field) < ($1.party, $1.field) }) {
            isListed.bind(1, key.party)
            isListed.bind(2, key.field)
            let listed = try isListed.step()
            isListed.reset()
            let inConflict = Merge.isInConflict(try heads.live(party: key.party, field: key.field), isSet: fields.isSet(key.field))
            if inConflict != listed { try setListed(party: key.party, field: key.field, inConflict) }
        }
        if !recordsToRecompute.isEmpty {
            let statements = try RecordStatusStatements(db)
            for pid in recordsToRecompute.sorted() { try recomputeRecordStatus(pid, statements) }
        }
        try StaleParties.mark(changedParties.union(parties.newParties), in: db)
    }

    /// Recomputes `party.deleted` and `party.delete_conflict` from the heads: deleted iff a head
    /// delete exists; in conflict iff ``Merge/isDeleteConflict(otherHeads:deleteContexts:sees:)``.
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
            statements.otherHeads.bind(1, pid)
            defer { statements.otherHeads.reset() }
            while try statements.otherHeads.step() { otherHeads.append(statements.otherHeads.int64(0)) }
        }
        let conflict = Merge.isDeleteConflict(otherHeads: otherHeads, deleteContexts: contexts) { OpExtra.ContextEntry.contains($0, $1) }
        statements.update.bind(1, deleted)
        statements.update.bind(2, conflict)
        statements.update.bind(3, pid)
        try statements.update.execute()
        parties.noteDeleted(pid, deleted)
    }

    /// The statements of ``recomputeRecordStatus(_:_:)``, prepared once per transaction.
    private struct RecordStatusStatements {
        let liveDeletes, otherHeads, update: FastStatement

        init(_ db: Database) throws {
            liveDeletes = try FastStatement(db, sql: """
                SELECT o.extra FROM fact_op f CROSS JOIN op o ON o.id = f.id
                WHERE f.party = ? AND f.field = 0 AND o.kind = \(OperationKind.delete.rawValue)
                """)
            // Heads only (merge rule 5): a superseded op is judged by the op that superseded it.
            otherHeads = try FastStatement(db, sql: """
                SELECT id FROM fact_op f
                WHERE party = ? AND (field != 0 OR (SELECT kind FROM op WHERE op.id = f.id) != \(OperationKind.delete.rawValue))
                """)
            update = try FastStatement(db, sql: "UPDATE party SET deleted = ?, delete_conflict = ? WHERE pid = ?")
        }
    }
}
