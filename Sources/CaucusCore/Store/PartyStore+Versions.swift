import GRDB

extension PartyStore {
    /// Streams every party record as it stood at `vv` (merge rule 8), sorted by id, from one read
    /// transaction: the same records, byte for byte, on every replica that holds `vv`'s operations.
    ///
    /// The store's current records stand for those no operation outside `vv` touched; only the
    /// records such an operation names are computed again from their own operations, by the pure
    /// merge (``Merge/record(_:operations:at:schema:)``).
    ///
    /// - Parameters:
    ///   - vv: the version.
    ///   - what: names the version in an error, such as "release 2025.1".
    ///   - includeDeleted: whether records deleted at `vv` are included.
    ///   - progress: called now and then with the records recomputed so far and how many will be.
    ///   - each: called once per record that existed at `vv`.
    /// - Throws: ``StoreError/versionNotHeld(what:missing:)`` when `vv` names operations this
    ///   replica lacks, and ``StoreError/beforeHorizon(what:release:)`` when it is older than the
    ///   release this replica compacted before; both before calling `each`.
    /// - Complexity: a whole-database read, as ``records(includeDeleted:_:)``, plus the
    ///   operations held outside `vv` and those of the records they touch.
    public func records(at vv: VersionVector, describedAs what: String, includeDeleted: Bool = true,
                        progress: ((_ done: Int, _ total: Int) -> Void)? = nil, _ each: (RecordState) throws -> Void) throws {
        try read { db in
            let held = try Self.versionVector(db)
            try Self.requireHeld(db, vv, held: held, what: what)
            try Self.requireAfterHorizon(db, vv, what: what)
            let touched = try Self.partiesTouched(db, by: Self.counters(in: held, outside: vv))
            let schemaThen = try Self.schemaInForce(db, base: builtInSchema, at: vv)
            // A field whose kind has changed since reads differently in every record that has it.
            let everyRecord = schemaThen.differsInKinds(from: try Self.schemaInForce(db, base: builtInSchema))
            let reader = try RecordOperations(db)
            var done = 0
            try partyRecords(db, includeDeleted: true) { pid, current in
                var state: RecordState? = current
                if everyRecord || touched.contains(pid) {
                    state = Merge.record(current.id, operations: try reader.operations(of: pid, party: current.id).map(\.operation), at: vv, schema: schemaThen)
                    done += 1
                    progress?(done, touched.count)
                }
                if let state, includeDeleted || !state.deleted { try each(state) }
            }
        }
    }

    /// What changed from version `a` to version `b` (nil: what this replica holds now), record by
    /// record, sorted by id, with the editors of the operations in between (``RecordDiff``).
    ///
    /// - Parameters:
    ///   - a: the earlier version, and `aName` what to call it in an error.
    ///   - b: the later version, and `bName` what to call it in an error.
    ///   - progress: called after each record compared, with how many are done and will be.
    /// - Throws: ``StoreError/versionNotHeld(what:missing:)`` when either names operations this
    ///   replica lacks, ``StoreError/beforeHorizon(what:release:)`` when either is older than its compaction.
    /// - Complexity: proportional to the operations in one version and not the other, and to the
    ///   operations of the records they touch; not to the database.
    public func diff(from a: VersionVector, named aName: String, to b: VersionVector?, named bName: String,
                     progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws -> [RecordDiff] {
        try read { db in
            let held = try Self.versionVector(db)
            try Self.requireHeld(db, a, held: held, what: aName)
            if let b { try Self.requireHeld(db, b, held: held, what: bName) }
            try Self.requireAfterHorizon(db, a, what: aName)
            if let b { try Self.requireAfterHorizon(db, b, what: bName) }
            let later = b ?? held
            let schemaA = try Self.schemaInForce(db, base: builtInSchema, at: a)
            let schemaLater = try Self.schemaInForce(db, base: builtInSchema, at: later)
            var touched = try Self.partiesTouched(db, by: Self.counters(in: later, outside: a) + Self.counters(in: a, outside: later))
            if schemaA.differsInKinds(from: schemaLater) {
                touched = Set(try Int64.fetchAll(db, sql: "SELECT pid FROM party"))
            }
            let reader = try RecordOperations(db)
            let party = try db.makeStatement(sql: "SELECT id FROM party WHERE pid = ?")
            var out: [RecordDiff] = []
            for (done, pid) in touched.enumerated() {
                progress?(done, touched.count)
                guard let id = try String.fetchOne(party, arguments: [pid]), !DatasetRecord.isReserved(id) else { continue }
                let entries = try reader.operations(of: pid, party: id)
                let ops = entries.map(\.operation)
                guard var diff = RecordDiff(before: Merge.record(id, operations: ops, at: a, schema: schemaA),
                                            after: Merge.record(id, operations: ops, at: later, schema: schemaLater)) else { continue }
                // Who wrote the operations in one version and not the other, by field.
                var editors: [String: Set<String>] = [:]
                for e in entries where a.contains(e.operation.dot) != later.contains(e.operation.dot) {
                    editors[e.operation.field, default: []].insert(e.editor)
                }
                for i in diff.fields.indices { diff.fields[i].editors = (editors[diff.fields[i].name] ?? []).sorted() }
                diff.editors = editors.values.reduce(into: Set<String>()) { $0.formUnion($1) }.sorted()
                out.append(diff)
            }
            return out.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        }
    }

    /// A range of one replica's operation counters.
    struct CounterRun {
        var replica: ReplicaID
        var counters: ClosedRange<Int64>
    }

    /// The counters that `x` holds and `y` does not, replica by replica.
    static func counters(in x: VersionVector, outside y: VersionVector) -> [CounterRun] {
        x.entries.flatMap { replica, set in set.subtracting(y[replica]).map { CounterRun(replica: replica, counters: $0) } }
    }

    /// The local numbers of the records that the operations in `runs` belong to.
    static func partiesTouched(_ db: Database, by runs: [CounterRun]) throws -> Set<Int64> {
        var touched = Set<Int64>()
        guard !runs.isEmpty else { return touched }
        let index = try db.makeStatement(sql: "SELECT idx FROM replica WHERE uid = ?")
        let parties = try db.makeStatement(sql: "SELECT DISTINCT party FROM op WHERE id BETWEEN ? AND ?")
        for run in runs {
            guard let idx = try Int64.fetchOne(index, arguments: [run.replica.rawValue]) else { continue }
            let cursor = try Int64.fetchCursor(parties, arguments: [OpID.make(idx, run.counters.lowerBound), OpID.make(idx, run.counters.upperBound)])
            while let pid = try cursor.next() { touched.insert(pid) }
        }
        return touched
    }

    /// Throws ``StoreError/versionNotHeld(what:missing:)`` when `vv` names operations not in `held`.
    static func requireHeld(_ db: Database, _ vv: VersionVector, held: VersionVector, what: String) throws {
        guard !held.includes(vv) else { return }
        let editor = try db.makeStatement(sql: "SELECT editor FROM replica WHERE uid = ?")
        var missing: [StoreError.MissingOperations] = []
        for replica in vv.entries.keys.sorted() {
            let lacking = CounterSet(ranges: vv[replica].subtracting(held[replica]))
            if lacking.isEmpty { continue }
            missing.append(StoreError.MissingOperations(replica: replica, editor: try String.fetchOne(editor, arguments: [replica.rawValue]),
                                                        counters: lacking))
        }
        throw StoreError.versionNotHeld(what: what, missing: missing)
    }
}
