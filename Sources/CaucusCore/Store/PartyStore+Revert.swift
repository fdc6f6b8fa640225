import GRDB

/// What a revert wrote, or would write (``PartyStore/revert(_:describedAs:time:dryRun:)``).
public struct RevertReport: Sendable, Hashable {
    /// The operations undone that this replica holds.
    public var undone: Int64
    /// The operations the revert writes.
    public var operations: [FactOperation]
    /// What the revert changes, record by record, sorted by id.
    public var changes: [RecordDiff]
}

extension PartyStore {
    /// Undoes the operations `undone` names, as ``Revert`` says, by writing new operations of this
    /// replica in one transaction; with `dryRun`, only says what it would write and change.
    /// Releases (the ``DatasetRecord``) are left as they are.
    ///
    /// The records the revert leaves are computed first by the pure merge, from each record's
    /// operations and the revert's (``RevertReport/changes``), then the operations are stored.
    ///
    /// - Parameters:
    ///   - undone: the operations to undo, all held here.
    ///   - what: names them in an error, such as "the changeset FILE".
    ///   - time: the time stamped on the operations written.
    /// - Throws: ``StoreError/versionNotHeld(what:missing:)`` when `undone` names operations this
    ///   replica lacks, ``StoreError/beforeHorizon(what:release:)`` when it names operations from
    ///   before the release this replica compacted before.
    /// - Complexity: proportional to the operations undone and those of the records they touch.
    @discardableResult
    public func revert(_ undone: VersionVector, describedAs what: String, time: Int64, dryRun: Bool) throws -> RevertReport {
        try write { db in
            let held = try Self.versionVector(db)
            try Self.requireHeld(db, undone, held: held, what: what)
            if let (horizon, name) = try Self.horizon(db),
               undone.entries.contains(where: { replica, set in set.subtracting(horizon[replica]) != set.ranges }) {
                throw StoreError.beforeHorizon(what: "a revert of \(what)", release: name)
            }
            let touched = try Self.partiesTouched(db, by: Self.counters(in: undone, outside: VersionVector()))
            let reader = try RecordOperations(db)
            let party = try db.makeStatement(sql: "SELECT id FROM party WHERE pid = ?")
            let me = localReplica.id
            var next = try ReplicaStatistics(db).maxCounter(ReplicaDirectory.localIndex)
            var written: [FactOperation] = []
            var changes: [RecordDiff] = []
            var heldNow = held
            for (id, pid) in try touched.map({ (try String.fetchOne(party, arguments: [$0]) ?? "", $0) }).sorted(by: { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }) {
                let ops = try reader.operations(of: pid, party: id).map(\.operation)
                let dots = Set(ops.lazy.map(\.dot).filter(undone.contains))
                var mine: [FactOperation] = []
                for edit in Revert.edits(undoing: dots, party: id, operations: ops) {
                    next += 1
                    var op = FactOperation(dot: Dot(replica: me, counter: next), party: id, field: edit.field, kind: edit.kind, value: edit.value,
                                           pred: edit.pred, time: time)
                    op.qualifiers = edit.qualifiers
                    if edit.kind == .delete { op.context = edit.context ?? heldNow }
                    heldNow[me].formUnion(next...next)
                    mine.append(op)
                }
                guard !mine.isEmpty else { continue }
                written += mine
                let all = ops + mine
                if var change = RecordDiff(before: Merge.record(id, operations: ops, at: held, schema: schema),
                                           after: Merge.record(id, operations: all, at: heldNow, schema: schema)) {
                    change.editors = [localReplica.editor]
                    for i in change.fields.indices { change.fields[i].editors = [localReplica.editor] }
                    changes.append(change)
                }
            }
            let report = RevertReport(undone: undone.operationCount, operations: written, changes: changes)
            guard !dryRun, !written.isEmpty else { return report }
            let transaction = try WriteTransaction(db, builtIn: builtInSchema, mode: .local)
            let writer = try EditWriter(transaction: transaction, time: time, local: me)
            for op in written { try writer.write(op) }
            _ = try transaction.finish()
            if let authorChaining { try Self.extendAuthorChain(db, local: me, with: authorChaining) }
            return report
        }
    }
}
