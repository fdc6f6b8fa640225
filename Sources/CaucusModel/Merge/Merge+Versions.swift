/// The state at a version vector: what the merge computes from exactly the operations it holds.
///
/// ## Rules
///
/// 8. **Versions.** The state at a version vector `V` is the state of the held operations whose
///    dots `V` contains; an operation outside `V` counts for nothing, not even as a pred that
///    supersedes. So a release (a named `V`) shows the same records on every replica that holds
///    its operations, whatever else each holds.
///
/// ## Laws
///
/// With `L` a log, `V` a version vector and `vv(L)` what `L` holds:
///
/// - identity: `records(L, at: vv(L)) = records(L)`;
/// - fixed: `records(L ∪ B, at: vv(L)) = records(L)` for any log `B`: operations that arrive
///   later never change the state at an earlier version;
/// - by record: ``record(_:operations:at:schema:)`` of a record's own operations, under the
///   schema in force at `V` (rule 9), is that record in `records(L, at: V)`, when every pred names
///   operations of its own record (as every writer's do), which is what lets a store recompute
///   only the records an operation outside `V` touches.
///
/// `Tests/CaucusModelTests/VersionLawTests.swift` gives each law its own test.
extension Merge {
    /// Rule 8: the state of every party record at `vv`, sorted by party id (byte order).
    ///
    /// - Complexity: O(n log n) in the operations held.
    public static func records(_ log: OperationLog, at vv: VersionVector, schema: PartySchema) -> [RecordState] {
        records(OperationLog(log.operations.values.filter { vv.contains($0.dot) }), schema: schema)
    }

    /// Rule 8 for one record: its state at `vv`, from its operations (in any order), or nil when
    /// `vv` holds none of them (the record did not exist there). `schema` is the schema in force
    /// at `vv`, the team's fields included.
    ///
    /// - Complexity: O(n log n) in the record's operations.
    public static func record(_ party: String, operations: [FactOperation], at vv: VersionVector, schema: PartySchema) -> RecordState? {
        let held = operations.filter { vv.contains($0.dot) }
        guard !held.isEmpty else { return nil }
        var named = Set<Dot>()
        for op in held { named.formUnion(op.pred) }
        return record(party, heads: held.filter { !named.contains($0.dot) }, schema: schema)
    }
}
