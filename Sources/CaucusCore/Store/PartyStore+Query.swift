import Foundation
import GRDB

/// A live head of a field together with where it came from: what `show`, `conflicts` and
/// `resolve` display. It writes a claim (a set or an add), or ranks one.
public struct FactDetail: Sendable, Hashable {
    /// The field's name (possibly unknown to this build's schema).
    public var field: String
    /// What the operation does: set, add, rank, or (for a record) delete.
    public var kind: OperationKind
    /// The value written, or the claim ranked.
    public var value: FactValue
    /// Where the fact comes from, in the editor's words.
    public var source: String?
    /// The date the fact holds at.
    public var asOf: String?
    /// The first date the claim holds.
    public var start: String?
    /// The last date the claim holds.
    public var end: String?
    /// The note on the claim.
    public var note: String?
    /// For a rank, the rank it gives.
    public var rank: ClaimRank?
    /// The editor who wrote it.
    public var editor: String
    /// The replica it was written on.
    public var replica: ReplicaID
    /// When it was written, in seconds since 1970.
    public var time: Int64
    /// The writing operation's counter on its replica.
    public var counter: Int64

    /// The claim's time qualifiers.
    public var dates: ClaimDates { ClaimDates(asOf: asOf, start: start, end: end) }

    /// The claim it writes or ranks.
    public var claimKey: ClaimKey { ClaimKey(value: value, dates: dates) }

    /// The head as the claim rules read it.
    var head: HeadEntry {
        HeadEntry(id: counter, kind: kind, value: value, qualifiers: ClaimQualifiers(source: source, dates: dates, note: note, rank: rank))
    }
}

/// Everything known about one record's current state, with provenance.
public struct RecordDetail: Sendable, Hashable {
    /// The party id.
    public var id: String
    /// Whether the record is deleted.
    public var deleted: Bool
    /// Whether it was deleted while someone else edited it.
    public var deleteConflict: Bool
    /// Current values by field name: one for a settled field, several for a
    /// conflict (one per distinct value) or a set (one per member).
    /// Sorted by field name; within a field, by value (canonical order).
    public var fields: [(name: String, values: [FactDetail])]
    /// Every live head of each field, claims and ranks, by field name: the writers of
    /// ``state``'s claims.
    public var heads: [String: [FactDetail]]
    /// The record as the merge computes it, its claims included.
    public var state: RecordState
    /// The live delete operations (who deleted it and when), when deleted.
    public var deletes: [FactDetail]

    public static func == (a: RecordDetail, b: RecordDetail) -> Bool {
        a.id == b.id && a.deleted == b.deleted && a.deleteConflict == b.deleteConflict && a.deletes == b.deletes
            && a.fields.map(\.name) == b.fields.map(\.name) && a.fields.map(\.values) == b.fields.map(\.values)
    }

    public func hash(into h: inout Hasher) { h.combine(id) }
}

/// One field (or a whole record, for a delete-vs-edit conflict) that waits for an editor to settle it.
public struct ConflictEntry: Sendable, Hashable {
    /// The party id.
    public var party: String
    /// The field in conflict; nil for a delete-vs-edit conflict.
    public var field: String?
    /// The candidates: distinct values of the field's head sets with provenance; for a rank
    /// conflict, the head ranks of the claims whose ranks disagree; for a delete conflict, the deletes.
    public var candidates: [FactDetail]
    /// Whether the field's conflict is over ranks (merge rule 7), not values.
    public var isRankConflict: Bool
}

extension PartyStore {
    /// The record with provenance of each current value, or nil when the store has never seen the party.
    ///
    /// - Complexity: O(operations of the party).
    public func recordDetail(_ id: String) throws -> RecordDetail? {
        try read { db in
            let party = try FastStatement(db, sql: "SELECT pid, deleted, delete_conflict FROM party WHERE id = ?")
            party.bind(1, id)
            guard try party.step() else { return nil }
            let pid = party.int64(0), deleted = party.int64(1) != 0, deleteConflict = party.int64(2) != 0
            return makeDetail(id: id, deleted: deleted, deleteConflict: deleteConflict, heads: try Self.liveDetails(db, party: pid, fieldID: nil),
                              schema: schema)
        }
    }

    /// The record as it stood at `vv` (merge rule 8), with provenance, or nil when it did not
    /// exist there (or the store has never seen the party).
    ///
    /// - Throws: ``StoreError/versionNotHeld(what:missing:)`` when `vv` names operations this
    ///   replica lacks, ``StoreError/beforeHorizon(what:release:)`` when it is older than its compaction.
    /// - Complexity: O(operations of the party).
    public func recordDetail(_ id: String, at vv: VersionVector, describedAs what: String) throws -> RecordDetail? {
        try read { db in
            try Self.requireHeld(db, vv, held: try Self.versionVector(db), what: what)
            try Self.requireAfterHorizon(db, vv, what: what)
            guard let pid = try Int64.fetchOne(db, sql: "SELECT pid FROM party WHERE id = ?", arguments: [id]) else { return nil }
            let entries = try RecordOperations(db).operations(of: pid, party: id).filter { vv.contains($0.operation.dot) }
            let schemaThen = try Self.schemaInForce(db, base: builtInSchema, at: vv)
            guard let state = Merge.record(id, operations: entries.map(\.operation), at: vv, schema: schemaThen) else { return nil }
            var named = Set<Dot>()
            for e in entries { named.formUnion(e.operation.pred) }
            let heads = entries.filter { !named.contains($0.operation.dot) && $0.operation.kind.isLive }.map { e -> (Int64, FactDetail) in
                let op = e.operation
                return (op.kind.isRecordLevel ? 0 : 1, FactDetail(
                    field: op.field, kind: op.kind, value: op.value ?? .text(op.kind.name), source: op.source, asOf: op.asOf,
                    start: op.start, end: op.end, note: op.note, rank: op.rank, editor: e.editor, replica: op.dot.replica,
                    time: op.time, counter: op.dot.counter))
            }
            return makeDetail(id: id, deleted: state.deleted, deleteConflict: state.deleteConflict, heads: heads, schema: schemaThen)
        }
    }

    /// A record's detail from its live heads, by field id (0 for its deletes), read under `schema`.
    private func makeDetail(id: String, deleted: Bool, deleteConflict: Bool, heads all: [(Int64, FactDetail)], schema: PartySchema) -> RecordDetail {
        var byField: [String: [FactDetail]] = [:]
        var deletes: [FactDetail] = []
        for (fid, d) in all {
            if fid == 0 { deletes.append(d) } else { byField[d.field, default: []].append(d) }
        }
        var state = RecordState(id: id, deleted: deleted, deleteConflict: deleteConflict)
        for (name, heads) in byField { Merge.fold(field: name, heads: heads.map(\.head), isSet: schema.field(name)?.isSet ?? false, into: &state) }
        let fields = byField.keys.sorted().compactMap { name -> (name: String, values: [FactDetail])? in
            let writers = byField[name]!.filter { $0.kind.writesClaim }
            return writers.isEmpty ? nil : (name: name, values: Self.distinct(writers))
        }
        return RecordDetail(id: id, deleted: deleted, deleteConflict: deleteConflict, fields: fields, heads: byField, state: state,
                            deletes: deletes.sorted { ($0.time, $0.counter) < ($1.time, $1.counter) })
    }

    /// Every pending conflict: fields with several values, and records deleted while edited.
    /// Sorted by party id, then field name (a delete conflict first).
    public func conflicts() throws -> [ConflictEntry] {
        try read { db in
            var out: [ConflictEntry] = []
            let rows = try Row.fetchAll(db, sql: """
                SELECT p.pid, p.id, c.field, f.name FROM conflict c JOIN party p ON p.pid = c.party JOIN field f ON f.fid = c.field
                UNION ALL
                SELECT pid, id, 0, NULL FROM party WHERE delete_conflict = 1
                ORDER BY 2, 4
                """)
            for row in rows {
                let pid: Int64 = row[0], fid: Int64 = row[2]
                let details = try Self.liveDetails(db, party: pid, fieldID: fid).map(\.1)
                if fid == 0 {
                    out.append(ConflictEntry(party: row[1], field: nil, candidates: details, isRankConflict: false))
                    continue
                }
                let sets = details.filter { $0.kind == .set }
                if Merge.isConflict(sets.map(\.value)) {
                    out.append(ConflictEntry(party: row[1], field: row[3], candidates: Self.distinct(sets), isRankConflict: false))
                } else {
                    let disagreeing = Set(Merge.claims(details.map(\.head)).filter(\.hasRankConflict).map(\.key))
                    let ranks = details.filter { $0.kind == .rank && disagreeing.contains($0.claimKey) }
                    out.append(ConflictEntry(party: row[1], field: row[3], candidates: ranks.sorted { ($0.value, $0.rank?.name ?? "") < ($1.value, $1.rank?.name ?? "") },
                                             isRankConflict: true))
                }
            }
            return out
        }
    }

    /// The number of pending conflicts (fields, plus delete-vs-edit records).
    public func conflictCount() throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM conflict) + (SELECT count(*) FROM party WHERE delete_conflict = 1)") ?? 0
        }
    }

    /// The number of records deleted while someone edited them (delete-vs-edit conflicts).
    public func deleteConflictCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM party WHERE delete_conflict = 1") ?? 0 }
    }

    /// Every party id the store holds, sorted, deleted ones included (not the ``DatasetRecord``).
    public func partyIDs() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT id FROM party WHERE id != '\(DatasetRecord.id)' ORDER BY id") }
    }

    /// Party ids close to `id`, for "did you mean" hints: edit distance, then a shared prefix.
    public func partySuggestions(for id: String, limit: Int = 3) throws -> [String] {
        let ids = try partyIDs()
        let lower = id.lowercased()
        if ids.contains(lower) { return [lower] }
        let maxDistance = max(2, lower.count / 3)
        var scored: [(String, Int)] = []
        for candidate in ids {
            if abs(candidate.count - lower.count) > maxDistance && !candidate.hasPrefix(lower) { continue }
            let d = candidate.hasPrefix(lower) && lower.count >= 2 ? 1 : Levenshtein.distance(lower, candidate)
            if d <= maxDistance { scored.append((candidate, d)) }
        }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
    }

    /// The number of party records, and of deleted ones.
    public func recordCounts() throws -> (total: Int, deleted: Int) {
        try read { db in
            let row = try Row.fetchOne(db, sql: "SELECT count(*), coalesce(sum(deleted), 0) FROM party WHERE id != '\(DatasetRecord.id)'")!
            return (row[0], row[1])
        }
    }

    /// Live operations of a party (one field, or all when `fieldID` is nil) as (field id, detail).
    ///
    /// Columns are read straight from SQLite (``FastStatement``): `show` runs this query, and
    /// through GRDB's `Row` it was a large part of `show`'s work (`Tools/bench/RESULTS.md`).
    static func liveDetails(_ db: Database, party pid: Int64, fieldID: Int64?) throws -> [(Int64, FactDetail)] {
        let statement = try FastStatement(db, sql: """
            SELECT o.field, f.name, o.value, o.extra, r.editor, r.uid, r.epoch, o.id, o.kind
            FROM fact_op l CROSS JOIN op o ON o.id = l.id JOIN field f ON f.fid = o.field JOIN replica r ON r.idx = (o.id >> 40)
            WHERE l.party = ?1\(fieldID == nil ? "" : " AND l.field = ?2") AND o.kind IN \(OperationKind.liveKindsSQL)
            """)
        statement.bind(1, pid)
        if let fieldID { statement.bind(2, fieldID) }
        var out: [(Int64, FactDetail)] = []
        while try statement.step() {
            let id = statement.int64(7)
            guard let kind = OperationKind.stored(statement.int64(8)) else { continue }
            let value = statement.factValue(2) ?? .text(kind.name)
            let extra = statement.withBlob(3) { OpExtra($0, qualifiersOnly: true) }
            out.append((statement.int64(0), FactDetail(
                field: statement.string(1) ?? "", kind: kind, value: value, source: extra.source, asOf: extra.asOf,
                start: extra.start, end: extra.end, note: extra.note, rank: extra.rank,
                editor: statement.string(4) ?? "", replica: ReplicaID(statement.string(5) ?? "")!,
                time: statement.int64(6) &+ extra.time, counter: OpID.counter(id))))
        }
        return out
    }

    /// One detail per distinct value (``FactValue``'s one equality; the latest write of it), in canonical value order.
    static func distinct(_ details: [FactDetail]) -> [FactDetail] {
        guard details.count > 1 else { return details }
        var byValue: [FactValue: FactDetail] = [:]
        for d in details {
            if let old = byValue[d.value], (old.time, old.replica.rawValue, old.counter) > (d.time, d.replica.rawValue, d.counter) { continue }
            byValue[d.value] = d
        }
        return byValue.keys.sorted().map { byValue[$0]! }
    }
}
