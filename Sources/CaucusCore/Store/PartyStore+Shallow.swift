import GRDB

extension PartyStore {
    /// What a shallow snapshot at `vv` holds: the heads at `vv` of every party record, every
    /// operation of the dataset record held at `vv`, and the operations of `extra` (a release's own, which names `vv`).
    /// A replica started from it shows what this one shows at `vv`, and merges every later
    /// operation as this one does: an operation that no head at `vv` is, a head at `vv` names.
    ///
    /// - Throws: ``StoreError/versionNotHeld(what:missing:)`` or ``StoreError/beforeHorizon(what:release:)``.
    /// - Complexity: one pass over the heads, and the operations of the records touched since `vv`.
    package func shallowSelection(at vv: VersionVector, including extra: VersionVector, describedAs what: String) throws -> ShallowSelection {
        try read { db in
            let held = try Self.versionVector(db)
            try Self.requireHeld(db, vv, held: held, what: what)
            try Self.requireAfterHorizon(db, vv, what: what)
            let touched = try Self.partiesTouched(db, by: Self.counters(in: held, outside: vv))
            var uids: [Int64: ReplicaID] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT idx, uid FROM replica") { uids[row[0]] = ReplicaID(row[1] as String)! }
            var counters: [ReplicaID: [Int64]] = [:]
            let dataset = try Self.datasetPID(db)
            let heads = try FastStatement(db, sql: "SELECT party, id FROM fact_op")
            while try heads.step() {
                if touched.contains(heads.int64(0)) || heads.int64(0) == dataset { continue }
                let id = heads.int64(1)
                if let uid = uids[OpID.replica(id)] { counters[uid, default: []].append(OpID.counter(id)) }
            }
            let reader = try RecordOperations(db)
            let party = try db.makeStatement(sql: "SELECT id FROM party WHERE pid = ?")
            for pid in touched.subtracting(dataset.map { [$0] } ?? []) {
                let ops = try reader.operations(of: pid, party: try String.fetchOne(party, arguments: [pid]) ?? "").map(\.operation)
                    .filter { vv.contains($0.dot) }
                var named = Set<Dot>()
                for op in ops { named.formUnion(op.pred) }
                for op in ops where !named.contains(op.dot) { counters[op.dot.replica, default: []].append(op.dot.counter) }
            }
            // The dataset record travels whole: values written under a superseded field definition
            // are checked against it (``receivingSchema()``), and it is a handful of operations.
            if let dataset {
                for op in try reader.operations(of: dataset, party: DatasetRecord.id).map(\.operation) where vv.contains(op.dot) {
                    counters[op.dot.replica, default: []].append(op.dot.counter)
                }
            }
            for (replica, set) in extra.entries { for r in set.ranges { counters[replica, default: []] += Array(r) } }
            var selected = VersionVector()
            for (replica, list) in counters {
                var ranges: [ClosedRange<Int64>] = []
                for c in list.sorted() {
                    if let last = ranges.last, last.upperBound + 1 >= c { ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, c) }
                    else { ranges.append(c...c) }
                }
                selected[replica] = CounterSet(ranges: ranges)
            }
            var horizon = vv
            horizon.formUnion(extra)
            return ShallowSelection(operations: selected, horizon: horizon)
        }
    }
}
