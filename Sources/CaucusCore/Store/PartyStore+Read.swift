import GRDB

extension PartyStore {
    /// Streams every party record, sorted by id, from one read transaction.
    ///
    /// - Parameters:
    ///   - includeDeleted: whether deleted records are included.
    ///   - each: called once per record.
    /// - Complexity: O(live values) — a whole-database read.
    public func records(includeDeleted: Bool = true, _ each: (RecordState) throws -> Void) throws {
        try read { db in try partyRecords(db, includeDeleted: includeDeleted) { try each($1) } }
    }

    /// Streams every party record in `db`'s transaction, sorted by id, with its local number.
    func partyRecords(_ db: Database, includeDeleted: Bool, _ each: (Int64, RecordState) throws -> Void) throws {
        let fieldNames = try fieldNameMap(db)
        // Read straight from SQLite (``FastStatement``): through GRDB's `Row` the read was a large
        // part of a whole-state read such as `dump` or `export-csv`.
        let rows = try FastStatement(db, sql: """
            SELECT p.pid, p.id, p.deleted, p.delete_conflict, f.field, o.id, o.kind, o.value, o.extra
            FROM party p LEFT JOIN fact_op f ON f.party = p.pid AND f.field != 0
            LEFT JOIN op o ON o.id = f.id AND o.kind IN \(OperationKind.liveKindsSQL)
            WHERE p.id != '\(DatasetRecord.id)'\(includeDeleted ? "" : " AND p.deleted = 0")
            ORDER BY p.id
            """)
        var current: (pid: Int64, id: String, deleted: Bool, conflict: Bool)?
        var values: [(Int64, HeadEntry)] = []
        func flush() throws {
            guard let c = current else { return }
            try each(c.pid, makeRecord(id: c.id, deleted: c.deleted, deleteConflict: c.conflict, heads: values, fieldNames: fieldNames))
        }
        while try rows.step() {
            let pid = rows.int64(0)
            if current?.pid != pid {
                try flush()
                current = (pid, rows.string(1) ?? "", rows.int64(2) != 0, rows.int64(3) != 0)
                values.removeAll(keepingCapacity: true)
            }
            if !rows.isNull(5), let head = rows.headEntry(from: 5) { values.append((rows.int64(4), head)) }
        }
        try flush()
    }

    /// The state of one record, or nil when the store has never seen the party.
    public func record(_ id: String) throws -> RecordState? {
        try records(ids: [id])[id]
    }

    /// The states of the records named in `ids` that the store has seen, by id, from one read transaction.
    ///
    /// - Complexity: O(k log N) for k ids in a store of N records: each is looked up by its index.
    public func records(ids: some Sequence<String>) throws -> [String: RecordState] {
        try read { db in
            let fieldNames = try fieldNameMap(db)
            let party = try db.cachedStatement(sql: "SELECT pid, deleted, delete_conflict FROM party WHERE id = ?")
            let live = try db.cachedStatement(sql: """
                SELECT f.field, o.id, o.kind, o.value, o.extra FROM fact_op f CROSS JOIN op o ON o.id = f.id
                WHERE f.party = ? AND f.field != 0 AND o.kind IN \(OperationKind.liveKindsSQL)
                """)
            var found: [String: RecordState] = [:]
            for id in ids where found[id] == nil {
                guard let row = try Row.fetchOne(party, arguments: [id]) else { continue }
                let heads = try Row.fetchAll(live, arguments: [row[0] as Int64]).compactMap { r in HeadEntry(r, from: 1).map { (r[0] as Int64, $0) } }
                found[id] = makeRecord(id: id, deleted: row[1], deleteConflict: row[2], heads: heads, fieldNames: fieldNames)
            }
            return found
        }
    }

    func fieldNameMap(_ db: Database) throws -> [Int64: String] {
        var names: [Int64: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT fid, name FROM field") { names[row[0]] = row[1] }
        return names
    }

    /// Folds a record's live heads, by field id, into its claims, settled fields, sets and
    /// conflicts (``Merge/fold(field:heads:isSet:into:)``).
    func makeRecord(id: String, deleted: Bool, deleteConflict: Bool, heads: [(Int64, HeadEntry)], fieldNames: [Int64: String]) -> RecordState {
        var byField: [Int64: [HeadEntry]] = [:]
        for (fid, head) in heads { byField[fid, default: []].append(head) }
        var record = RecordState(id: id, deleted: deleted, deleteConflict: deleteConflict)
        for (fid, fieldHeads) in byField {
            let name = fieldNames[fid] ?? "?"
            Merge.fold(field: name, heads: fieldHeads, isSet: schema.field(name)?.isSet ?? false, into: &record)
        }
        return record
    }
}
