import Foundation
import GRDB

/// The state of one write transaction: caches of ids, prepared statements,
/// and what the transaction touched, so that derived state (conflicts,
/// deletions, the search index) is recomputed for exactly those records when
/// it ends. Lives only inside `Database.write`; never escapes it.
final class StoreSession {
    let db: Database
    let schema: PartySchema
    private(set) var partyCache: [String: Int64] = [:]
    private var fieldCache: [String: Int64] = [:]
    private var fieldNames: [Int64: String] = [:]
    private var replicaCache: [ReplicaID: Int64] = [:]
    private(set) var replicaUIDs: [Int64: ReplicaID] = [:]
    /// Per replica index: highest counter and the number of ops added in this transaction.
    private var replicaStats: [Int64: (max: Int64, added: Int64)] = [:]
    private var supersededCount: Int64
    /// (party, field) pairs whose live values changed.
    private(set) var touchedFields: Set<FieldKey> = []
    /// Parties with a record-level op, or that were deleted and got any op.
    private(set) var touchedRecords: Set<Int64> = []
    private(set) var touchedParties: Set<Int64> = []
    private var deletedParties: [Int64: Bool] = [:]

    private let insertOp: Statement
    private let killOp: Statement
    private let opExists: Statement
    private let insertSuperseded: Statement
    private let deleteSuperseded: Statement
    private let selectLive: Statement
    private let insertParty: Statement

    struct FieldKey: Hashable { var party: Int64; var field: Int64 }

    init(_ db: Database, schema: PartySchema) throws {
        self.db = db
        self.schema = schema
        insertOp = try db.makeStatement(sql: """
            INSERT INTO op (id, party, field, kind, value, live, time, source, as_of, pred, context)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
            """)
        killOp = try db.makeStatement(sql: "UPDATE op SET live = 0 WHERE id = ? AND live = 1")
        opExists = try db.makeStatement(sql: "SELECT 1 FROM op WHERE id = ?")
        insertSuperseded = try db.makeStatement(sql: "INSERT OR IGNORE INTO superseded (id) VALUES (?)")
        deleteSuperseded = try db.makeStatement(sql: "DELETE FROM superseded WHERE id = ?")
        selectLive = try db.makeStatement(sql: "SELECT id, value FROM op WHERE party = ? AND field = ? AND live = 1")
        insertParty = try db.makeStatement(sql: "INSERT INTO party (id) VALUES (?)")
        supersededCount = try Int64.fetchOne(db, sql: "SELECT count(*) FROM superseded") ?? 0
        for row in try Row.fetchAll(db, sql: "SELECT fid, name FROM field") {
            fieldCache[row[1]] = row[0]
            fieldNames[row[0]] = row[1]
        }
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
            replicaUIDs[idx] = replica
            return idx
        }
        try db.execute(sql: "INSERT INTO replica (uid, editor, first_seen) VALUES (?, ?, strftime('%s','now'))",
                       arguments: [replica.rawValue, editor])
        let idx = db.lastInsertedRowID
        replicaCache[replica] = idx
        replicaUIDs[idx] = replica
        return idx
    }

    /// The replica id of a local index.
    func replicaID(ofIndex idx: Int64) throws -> ReplicaID {
        if let uid = replicaUIDs[idx] { return uid }
        guard let text = try String.fetchOne(db, sql: "SELECT uid FROM replica WHERE idx = ?", arguments: [idx]),
              let uid = ReplicaID(text) else { preconditionFailure("op names replica index \(idx), which is not stored") }
        replicaUIDs[idx] = uid
        replicaCache[uid] = idx
        return uid
    }

    /// The local id of party `id`, or nil when the store has never seen it.
    func existingParty(_ id: String) throws -> Int64? {
        if let pid = partyCache[id] { return pid }
        guard let pid = try Int64.fetchOne(db, sql: "SELECT pid FROM party WHERE id = ?", arguments: [id]) else { return nil }
        partyCache[id] = pid
        return pid
    }

    /// The local id of party `id`, creating the party row when new.
    func party(_ id: String) throws -> Int64 {
        if let pid = try existingParty(id) { return pid }
        try insertParty.execute(arguments: [id])
        let pid = db.lastInsertedRowID
        partyCache[id] = pid
        deletedParties[pid] = false
        return pid
    }

    /// Whether the party is deleted, as of the last recompute (the start of this transaction, or its end).
    func isDeleted(_ pid: Int64) throws -> Bool {
        if let d = deletedParties[pid] { return d }
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
        fieldCache[name] = fid
        fieldNames[fid] = name
        return fid
    }

    func fieldName(_ fid: Int64) -> String { fieldNames[fid] ?? "" }

    // MARK: Operations

    /// The live ops of a field: (local id, value).
    func liveEntries(party: Int64, field: Int64) throws -> [(id: Int64, value: DatabaseValue)] {
        var out: [(Int64, DatabaseValue)] = []
        let rows = try Row.fetchCursor(selectLive, arguments: [party, field])
        while let row = try rows.next() { out.append((row[0], row[1])) }
        return out
    }

    enum InsertOutcome { case inserted, duplicate }

    /// Stores one operation and retires the operations it supersedes (invariants 1–3).
    ///
    /// - Parameter predIDs: the local ids of `pred`.
    func insert(id: Int64, party: Int64, field: Int64, kind: OperationKind, value: DatabaseValue,
                time: Int64, source: String?, asOf: String?, predIDs: [Int64], context: String?) throws -> InsertOutcome {
        var live = kind.isLive
        if supersededCount > 0 {
            try deleteSuperseded.execute(arguments: [id])
            if db.changesCount > 0 {
                live = false
                supersededCount -= 1
            }
        }
        try insertOp.execute(arguments: [id, party, field, kind.rawValue, value, live, time, source, asOf,
                                         predIDs.isEmpty ? nil : OpID.encodeList(predIDs), context])
        if db.changesCount == 0 { return .duplicate }
        for p in predIDs {
            try killOp.execute(arguments: [p])
            if db.changesCount == 0 {
                if try Bool.fetchOne(opExists, arguments: [p]) == nil {
                    try insertSuperseded.execute(arguments: [p])
                    supersededCount += db.changesCount > 0 ? 1 : 0
                }
            }
        }
        let idx = OpID.replica(id), counter = OpID.counter(id)
        if let s = replicaStats[idx] {
            replicaStats[idx] = (Swift.max(s.max, counter), s.added + 1)
        } else {
            let stored = try Int64.fetchOne(db, sql: "SELECT max_counter FROM replica WHERE idx = ?", arguments: [idx]) ?? 0
            replicaStats[idx] = (Swift.max(stored, counter), 1)
        }
        touchedParties.insert(party)
        if try field == 0 || isDeleted(party) {
            touchedRecords.insert(party)
        }
        if field != 0 { touchedFields.insert(FieldKey(party: party, field: field)) }
        return .inserted
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
    func finish() throws -> Outcome {
        var outcome = Outcome()
        for (idx, s) in replicaStats {
            try db.execute(sql: "UPDATE replica SET max_counter = ?, op_count = op_count + ? WHERE idx = ?",
                           arguments: [s.max, s.added, idx])
        }
        let countDistinct = try db.makeStatement(sql: "SELECT count(DISTINCT value) FROM op WHERE party = ? AND field = ? AND live = 1 AND kind = 1")
        let addConflict = try db.makeStatement(sql: "INSERT OR IGNORE INTO conflict (party, field) VALUES (?, ?)")
        let dropConflict = try db.makeStatement(sql: "DELETE FROM conflict WHERE party = ? AND field = ?")
        for key in touchedFields {
            if let def = schema.field(fieldName(key.field)), def.isSet { continue }
            let n = try Int.fetchOne(countDistinct, arguments: [key.party, key.field]) ?? 0
            if n > 1 {
                try addConflict.execute(arguments: [key.party, key.field])
                outcome.newConflicts += db.changesCount
            } else {
                try dropConflict.execute(arguments: [key.party, key.field])
                outcome.settledConflicts += db.changesCount
            }
        }
        for pid in touchedRecords { try recomputeRecordStatus(pid) }
        let dirty = try db.makeStatement(sql: "INSERT OR IGNORE INTO search_dirty (pid) VALUES (?)")
        for pid in touchedParties { try dirty.execute(arguments: [pid]) }
        outcome.partiesTouched = touchedParties.count
        return outcome
    }

    /// Recomputes `party.deleted` and `party.delete_conflict` from the ops (invariant 5):
    /// deleted iff a live delete exists; in conflict iff also some other op of the
    /// record is covered by none of the live deletes' contexts.
    private func recomputeRecordStatus(_ pid: Int64) throws {
        let contexts = try String.fetchAll(db, sql: "SELECT context FROM op WHERE party = ? AND field = 0 AND live = 1 AND kind = ?",
                                           arguments: [pid, OperationKind.delete.rawValue])
        let deleted = !contexts.isEmpty
        var conflict = false
        if deleted {
            let vvs = try contexts.map { try VersionVector(json: Data($0.utf8)) }
            let ids = try Int64.fetchCursor(db, sql: "SELECT id FROM op WHERE party = ? AND kind != ?",
                                            arguments: [pid, OperationKind.delete.rawValue])
            while let id = try ids.next() {
                let dot = Dot(replica: try replicaID(ofIndex: OpID.replica(id)), counter: OpID.counter(id))
                if !vvs.contains(where: { $0.contains(dot) }) { conflict = true; break }
            }
        }
        try db.execute(sql: "UPDATE party SET deleted = ?, delete_conflict = ? WHERE pid = ?", arguments: [deleted, conflict, pid])
        deletedParties[pid] = deleted
    }
}

extension OpID {
    /// A list of local op ids as a blob of little-endian 64-bit integers.
    static func encodeList(_ ids: [Int64]) -> Data {
        var data = Data(capacity: ids.count * 8)
        for id in ids { withUnsafeBytes(of: id.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    static func decodeList(_ data: Data?) -> [Int64] {
        guard let data else { return [] }
        return stride(from: 0, to: data.count - 7, by: 8).map { i in
            data[data.startIndex + i..<data.startIndex + i + 8].withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(as: Int64.self)) }
        }
    }
}
