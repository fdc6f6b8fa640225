import GRDB

/// Where each stored operation stands in its fact (party, field): the `fact_op` rows, one per
/// head, and the `superseded` table of ops named in a pred before they were stored (invariants 2,
/// 3 and 7 of the migrations, merge rule 1).
///
/// An op is a head iff no held op names it in its pred: so a new op retires the heads its pred
/// names, and an op that arrives after one that named it arrives superseded.
final class FactHeads {
    /// The other fact whose `fact_op` row a retirement removed: a pred that names an op of another
    /// fact (only a forged or buggy writer's does) changes that fact too.
    struct OtherFact { var party: Int64; var field: Int64 }

    /// Rows in `superseded` (the ops named in a pred and not stored); while it is 0, an arriving
    /// op is a head without a look there.
    private var supersededCount: Int64
    /// Whether ops retired outside their superseder's fact are remembered in `retiredInBatch`:
    /// only the batch merge of remote ops needs it.
    private let remembersRetired: Bool
    /// Stored ops retired in this batch outside their superseder's fact rows (already superseded,
    /// ops of the batch whose own fact comes later in key order, or ops of another fact): none of
    /// them may get a `fact_op` row. Emptied when a batch has been merged (``endBatch()``).
    private var retiredInBatch: Set<Int64> = []

    private let insertHead: FastStatement
    private let deleteHead: FastStatement
    private let selectOpFact: FastStatement
    private let insertSuperseded: FastStatement
    private let deleteSuperseded: FastStatement
    private let selectLive: FastStatement
    private let selectHeads: FastStatement
    private let selectEntry: FastStatement
    private let selectRanked: FastStatement
    /// Whether the store holds a rank op (`m005_claims.sql`): until it does, no set field can be in conflict.
    private(set) var holdsRanks: Bool

    /// The ids of a fact's heads, for ``readHeads(_:party:field:into:)``.
    static let selectHeadsSQL = "SELECT id FROM fact_op WHERE party = ? AND field = ?"
    /// An op as a conflict test reads it, for ``storedEntries(_:_:)``.
    static let selectEntrySQL = "SELECT id, kind, value, extra FROM op WHERE id = ?"

    /// - Parameter remembersRetired: see `remembersRetired`; true for a transaction of remote ops.
    init(_ db: Database, remembersRetired: Bool) throws {
        self.remembersRetired = remembersRetired
        insertHead = try FastStatement(db, sql: "INSERT INTO fact_op (party, field, id) VALUES (?, ?, ?)")
        deleteHead = try FastStatement(db, sql: "DELETE FROM fact_op WHERE party = ? AND field = ? AND id = ?")
        selectOpFact = try FastStatement(db, sql: "SELECT party, field FROM op WHERE id = ?")
        insertSuperseded = try FastStatement(db, sql: "INSERT OR IGNORE INTO superseded (id) VALUES (?)")
        deleteSuperseded = try FastStatement(db, sql: "DELETE FROM superseded WHERE id = ?")
        selectLive = try FastStatement(db, sql: """
            SELECT f.id, o.kind, o.value, o.extra FROM fact_op f CROSS JOIN op o ON o.id = f.id
            WHERE f.party = ? AND f.field = ? AND o.kind IN \(OperationKind.liveKindsSQL)
            """)
        selectHeads = try FastStatement(db, sql: Self.selectHeadsSQL)
        selectEntry = try FastStatement(db, sql: Self.selectEntrySQL)
        let rank = OperationKind.rank.rawValue
        selectRanked = try FastStatement(db, sql: "SELECT 1 FROM op WHERE party = ? AND field = ? AND kind = \(rank) LIMIT 1")
        holdsRanks = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM op WHERE kind = \(rank))") ?? false
        supersededCount = try Int64.fetchOne(db, sql: "SELECT count(*) FROM superseded") ?? 0
    }

    /// Whether an op whose row was just stored is a head: false when a stored op named it in its
    /// pred already, which takes it out of `superseded` (invariant 3).
    func arrivesAsHead(_ id: Int64) throws -> Bool {
        guard supersededCount > 0 else { return true }
        deleteSuperseded.bind(1, id)
        guard try deleteSuperseded.execute() > 0 else { return true }
        supersededCount -= 1
        return false
    }

    /// Notes that a rank op was stored.
    func noteRankStored() { holdsRanks = true }

    /// Whether a rank op of the fact is stored, head or not (through `op_rank`).
    func isRanked(party: Int64, field: Int64) throws -> Bool {
        guard holdsRanks else { return false }
        selectRanked.bind(1, party)
        selectRanked.bind(2, field)
        defer { selectRanked.reset() }
        return try selectRanked.step()
    }

    /// Gives a stored op its `fact_op` row (invariant 7).
    func add(party: Int64, field: Int64, id: Int64) throws {
        insertHead.bind(1, party)
        insertHead.bind(2, field)
        insertHead.bind(3, id)
        try insertHead.execute()
    }

    /// Deletes the `fact_op` row of op `id` of (`party`, `field`); whether there was one.
    func remove(party: Int64, field: Int64, id: Int64) throws -> Bool {
        deleteHead.bind(1, party)
        deleteHead.bind(2, field)
        deleteHead.bind(3, id)
        return try deleteHead.execute() > 0
    }

    /// Retires the op `p` named in the pred of an op just stored for (`party`, `field`): takes it
    /// out of its fact's heads, or records it as superseded if it is not stored.
    ///
    /// - Returns: the other fact whose row it removed, if `p` was a head of another fact.
    func retire(_ p: Int64, supersededBy party: Int64, _ field: Int64) throws -> OtherFact? {
        // A pred names an op of its own fact, as every honest writer's does.
        if try remove(party: party, field: field, id: p) { return nil }
        return try retireElsewhere(p, supersededBy: party, field)
    }

    /// Retires the op `p`, which has no `fact_op` row in (`party`, `field`), named in the pred of
    /// an op just stored for that fact (see ``retire(_:supersededBy:_:)``).
    ///
    /// - Returns: the other fact whose row it removed, if `p` was a head of another fact.
    func retireElsewhere(_ p: Int64, supersededBy party: Int64, _ field: Int64) throws -> OtherFact? {
        if retiredInBatch.contains(p) { return nil }   // stored, and already retired
        selectOpFact.bind(1, p)
        defer { selectOpFact.reset() }
        guard try selectOpFact.step() else {
            insertSuperseded.bind(1, p)
            supersededCount += Int64(try insertSuperseded.execute())
            return nil
        }
        let otherParty = selectOpFact.int64(0), otherField = selectOpFact.int64(1)
        // Stored but without a row here: superseded already, an op of this batch whose fact comes
        // later, or an op of another fact.
        if remembersRetired { retiredInBatch.insert(p) }
        guard otherParty != party || otherField != field,
              try remove(party: otherParty, field: otherField, id: p) else { return nil }
        return OtherFact(party: otherParty, field: otherField)
    }

    /// Whether the batch being merged has retired the stored op `id` outside its own fact (see
    /// `retiredInBatch`): then it must get no `fact_op` row.
    func isRetiredInBatch(_ id: Int64) -> Bool { retiredInBatch.contains(id) }

    /// Forgets the ops retired in the batch just merged.
    func endBatch() { retiredInBatch.removeAll() }

    /// The live heads of a fact (sets, adds, ranks and deletes).
    func live(party: Int64, field: Int64) throws -> [HeadEntry] {
        var out: [HeadEntry] = []
        selectLive.bind(1, party)
        selectLive.bind(2, field)
        defer { selectLive.reset() }
        while try selectLive.step() { if let entry = selectLive.headEntry(from: 0) { out.append(entry) } }
        return out
    }

    /// Appends the ids of a fact's heads to `ids`.
    func readHeads(party pid: Int64, field fid: Int64, into ids: inout [Int64]) throws {
        try Self.readHeads(selectHeads, party: pid, field: fid, into: &ids)
    }

    /// Appends the ids of a fact's heads to `ids`, read with `statement` (``selectHeadsSQL``).
    static func readHeads(_ statement: FastStatement, party pid: Int64, field fid: Int64, into ids: inout [Int64]) throws {
        statement.bind(1, pid)
        statement.bind(2, fid)
        defer { statement.reset() }
        while try statement.step() { ids.append(statement.int64(0)) }
    }

    /// Stored ops as a conflict test reads them, by id.
    func storedEntries(_ ids: [Int64]) throws -> [HeadEntry] { try Self.storedEntries(selectEntry, ids) }

    /// Stored ops as a conflict test reads them, by id, read with `statement` (``selectEntrySQL``).
    static func storedEntries(_ statement: FastStatement, _ ids: [Int64]) throws -> [HeadEntry] {
        var out: [HeadEntry] = []
        for id in ids {
            statement.bind(1, id)
            if try statement.step(), let entry = statement.headEntry(from: 0) { out.append(entry) }
            statement.reset()
        }
        return out
    }
}
