import GRDB

/// The state of one write transaction that stores operations, made of the engine's parts: the
/// ids it resolves (``PartyDirectory``, ``FieldDirectory``, ``ReplicaDirectory``), the op rows
/// it writes (``OperationRows``, ``ReplicaStatistics``), the heads they change (``FactHeads``),
/// the remote ops it merges in batches (``BatchMerge``), and the state derived from the heads,
/// which ``finish()`` brings up to date for exactly the records the transaction touched
/// (``DerivedState``).
///
/// Lives only inside `Database.write`; never escapes it.
final class WriteTransaction {
    /// Whose operations the transaction stores; it decides which fields can become conflicts.
    enum Mode {
        /// Local edits: an edit supersedes every live value of its field, so a field can only stop
        /// being a conflict, and only the caller knows which ones were
        /// (``DerivedState/noteFieldChanged(party:field:)``).
        case local
        /// Operations from other replicas: any field of a record that existed before may change.
        case remote
    }

    /// The connection, inside the transaction this object belongs to.
    let db: Database
    /// The schema in force when the transaction began: values are checked against it, and it says
    /// which fields are sets.
    let schema: PartySchema
    /// The built-in schema, which the definitions the transaction ends with extend (``finish()``).
    private let builtInSchema: PartySchema
    /// Local edits or remote operations: says which path each op takes.
    let mode: Mode
    /// Party ids, made and looked up; shared with the other parts.
    let parties: PartyDirectory
    /// Field ids, and which fields are sets.
    let fields: FieldDirectory
    /// Local replica indexes by replica id.
    let replicas: ReplicaDirectory
    /// The replicas' statistics and epochs, written by ``finish()``.
    let statistics: ReplicaStatistics
    /// The op table's writes; every op this transaction stores goes through it.
    private let rows: OperationRows
    /// The `fact_op` and `superseded` tables.
    private let heads: FactHeads
    /// What ``finish()`` recomputes, and the conflict counts.
    let derived: DerivedState
    /// The remote ops' queue and merge; used only in a `.remote` transaction.
    let batch: BatchMerge
    /// The live ops of the party this local transaction made last, as they are now; nil before
    /// the first party made. Exact, since every op of a party made in this transaction goes
    /// through it; edit files list a new record's facts together, so loading a base needs no
    /// query for live values.
    private var liveOpsOfLastNewParty: LiveOps?

    /// The live ops of one party, each with its field.
    private struct LiveOps {
        var party: Int64
        var live: [(field: Int64, head: HeadEntry)] = []
    }

    /// - Parameters:
    ///   - batchSize: how many remote operations are merged together at most.
    ///   - snapshot: where the first batch of remote operations reads its facts' heads ahead.
    ///   - builtIn: the built-in schema; the team's definitions in `db` extend it.
    init(_ db: Database, builtIn: PartySchema, mode: Mode, batchSize: Int = 1 << 17, snapshot: StoreSnapshot? = nil) throws {
        self.db = db
        builtInSchema = builtIn
        let schema = try PartyStore.schemaInForce(db, base: builtIn)
        self.schema = schema
        self.mode = mode
        parties = try PartyDirectory(db)
        fields = try FieldDirectory(db, schema: schema)
        replicas = ReplicaDirectory(db)
        statistics = ReplicaStatistics(db)
        heads = try FactHeads(db, remembersRetired: mode == .remote)
        rows = try OperationRows(db, statistics: statistics, heads: heads, skippingDuplicates: mode == .remote)
        derived = try DerivedState(db, parties: parties, fields: fields, heads: heads)
        batch = BatchMerge(parties: parties, fields: fields, rows: rows, heads: heads, derived: derived,
                           capacity: batchSize, snapshot: snapshot)
    }

    // MARK: Local edits

    /// The local id of party `id`, making the party when new.
    func party(_ id: String) throws -> Int64 {
        let (pid, made) = try parties.resolve(id)
        if made && mode == .local { liveOpsOfLastNewParty = LiveOps(party: pid) }
        return pid
    }

    /// The live ops of a fact.
    func liveEntries(party: Int64, field: Int64) throws -> [HeadEntry] {
        guard liveOpsOfLastNewParty?.party == party else { return try heads.live(party: party, field: field) }
        return liveOpsOfLastNewParty!.live.lazy.filter { $0.field == field }.map(\.head)
    }

    /// Stores one local operation and retires the operations it supersedes (invariants 1–3 and 7).
    ///
    /// - Parameter predIDs: the local ids of `pred`.
    func insert(id: Int64, party: Int64, field: Int64, kind: OperationKind, value: FactValue?,
                time: Int64, qualifiers: ClaimQualifiers, predIDs: [Int64], context: [OpExtra.ContextEntry]?) throws {
        guard let head = try rows.store(id: id, party: party, field: field, kind: kind, value: value, time: time,
                                        qualifiers: qualifiers, predIDs: predIDs, context: context) else { return }
        for p in predIDs {
            if let other = try heads.retire(p, supersededBy: party, field) {
                try derived.noteRetiredFromAnotherFact(other)
                if liveOpsOfLastNewParty?.party == other.party { liveOpsOfLastNewParty!.live.removeAll { $0.head.id == p } }
            }
        }
        if head { try heads.add(party: party, field: field, id: id) }
        if liveOpsOfLastNewParty?.party == party {
            if !predIDs.isEmpty { liveOpsOfLastNewParty!.live.removeAll { predIDs.contains($0.head.id) } }
            if head && kind.isLive { liveOpsOfLastNewParty!.live.append((field, HeadEntry(id: id, kind: kind, value: value, qualifiers: qualifiers))) }
        }
        try derived.noteLinked(party: party, field: field)
    }

    // MARK: Finishing

    /// What the transaction changed in derived state.
    struct Outcome {
        var newConflicts = 0
        var settledConflicts = 0
        var partiesTouched = 0
    }

    /// Merges the remote operations still queued, writes the replicas' statistics, and brings
    /// derived state up to date for what this transaction touched (invariants 4–5), under the
    /// definitions it ends with: a field whose kind (set or single-valued) they changed has its
    /// conflicts counted again everywhere, in O(its facts), which only a change of definitions costs.
    func finish() throws -> Outcome {
        try batch.flush()
        try statistics.write()
        let now = try PartyStore.schemaInForce(db, base: builtInSchema)
        for fid in fields.reclassify(with: now) { try derived.recountEverywhere(field: fid) }
        try derived.finish()
        // The dataset record (releases) is no party's.
        let dataset = try parties.existing(DatasetRecord.id)
        let datasetTouched = dataset.map { derived.changedParties.contains($0) || parties.isNew($0) } ?? false
        return Outcome(newConflicts: derived.newConflicts, settledConflicts: derived.settledConflicts,
                       partiesTouched: derived.changedParties.count + parties.newPartyCount - (datasetTouched ? 1 : 0))
    }
}
