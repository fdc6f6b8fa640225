/// An operation a revert writes, before it has a dot: what ``Revert/edits(undoing:party:operations:)`` plans.
public struct RevertEdit: Sendable, Hashable {
    /// The field; empty for a delete or restore.
    public var field: String
    /// What it does.
    public var kind: OperationKind
    /// The claim it writes or ranks; nil for clear, delete and restore.
    public var value: FactValue?
    /// The claim's source, dates and note, or the rank a rank gives.
    public var qualifiers: ClaimQualifiers
    /// The operations it supersedes.
    public var pred: [Dot]
    /// For a delete that brings back an earlier one, that delete's context; nil for a delete that
    /// carries everything its writer holds as it writes it, and for every other kind.
    public var context: VersionVector?

    /// Creates a revert edit.
    public init(field: String, kind: OperationKind, value: FactValue?, qualifiers: ClaimQualifiers, pred: [Dot], context: VersionVector? = nil) {
        self.field = field
        self.kind = kind
        self.value = value
        self.qualifiers = qualifiers
        self.pred = pred
        self.context = context
    }
}

/// Undoing operations (`caucus revert`) by writing new ones, as `git revert` does: nothing held
/// is rewritten, the revert travels like any edit, and can itself be reverted.
///
/// ## Rule
///
/// For each fact of a record that the undone operations `U` touch, write operations that name
/// the heads of `U` in that fact (so they supersede exactly what `U` still shows) and bring back
/// the claims and ranks `U` superseded, those that no operation outside `U` supersedes too: what
/// the fact would show had `U` never arrived. A fact `U` gave its first claims is cleared; a
/// rank `U` gave with none to bring back is withdrawn (a `remove` naming only it). A record `U`
/// deleted is restored. A
/// record deleted before `U` is deleted again after the revert's edits: seeing them, when it
/// was in no delete-vs-edit conflict then, or with the contexts of the deletes it had, when it
/// was. A record that only `U` ever touched is deleted (a tombstone: an operation-based store
/// forgets nothing).
///
/// The dataset record is never reverted: its releases and field definitions stay, as git's tags
/// do, and the records read under the definitions held.
///
/// Operations made after `U` by editors who saw it are not named, so what they wrote stands:
/// a value changed since by someone else is not overwritten, and a value the revert brings
/// back beside it is a conflict, settled like any other.
///
/// ## Law
///
/// - undo: for a log `L` and operations `U` that no operation of `L` names, with `D` the
///   operations of `U` on the dataset record, reverting `U` in `L ∪ U` shows every record of `L`
///   as `L ∪ D` shows it, and deletes the records only `U` made.
///
/// `Tests/CaucusModelTests/RevertLawTests.swift` tests it.
public enum Revert {
    /// The edits that undo the operations `undone` in the record `party`, of which `operations`
    /// are every one held; none when `undone` touches none of them.
    ///
    /// - Complexity: O(n log n) in the record's operations.
    public static func edits(undoing undone: Set<Dot>, party: String, operations: [FactOperation]) -> [RevertEdit] {
        let reverted = operations.filter { undone.contains($0.dot) }
        guard !reverted.isEmpty, !DatasetRecord.isReserved(party) else { return [] }
        var namedBy: [Dot: [Dot]] = [:]
        for op in operations { for p in op.pred { namedBy[p, default: []].append(op.dot) } }
        func isHead(_ op: FactOperation) -> Bool { namedBy[op.dot] == nil }
        let deleteHeads = operations.filter { $0.kind == .delete && isHead($0) }.map(\.dot).sorted()
        if reverted.count == operations.count {
            return [RevertEdit(field: "", kind: .delete, value: nil, qualifiers: ClaimQualifiers(source: "revert"), pred: deleteHeads)]
        }
        let byDot = Dictionary(operations.map { ($0.dot, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [RevertEdit] = []
        let byField = Dictionary(grouping: reverted, by: \.field)
        for field in byField.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let mine = byField[field]!
            let heads = mine.filter(isHead).map(\.dot).sorted()
            // What `U` superseded, and nothing outside `U` superseded too.
            let prior = Set(mine.flatMap(\.pred)).subtracting(undone).compactMap { byDot[$0] }
                .filter { p in (namedBy[p.dot] ?? []).allSatisfy(undone.contains) }
                .sorted { $0.dot < $1.dot }
            if field.isEmpty { continue }
            let claims = prior.filter(\.kind.writesClaim), ranks = prior.filter { $0.kind == .rank }
            for p in claims + ranks {
                out.append(RevertEdit(field: field, kind: p.kind, value: p.value, qualifiers: p.qualifiers, pred: heads))
            }
            if claims.isEmpty, mine.contains(where: { $0.kind.writesClaim && isHead($0) }) {
                out.append(RevertEdit(field: field, kind: .clear, value: nil, qualifiers: ClaimQualifiers(), pred: heads))
            }
            // A rank `U` gave with none to bring back is withdrawn: a remove that names only it
            // supersedes it and writes nothing, so the ranks given outside `U` stand alone again.
            for r in mine where r.kind == .rank && isHead(r) && !ranks.contains(where: { $0.claimKey == r.claimKey }) {
                out.append(RevertEdit(field: field, kind: .remove, value: r.value, qualifiers: ClaimQualifiers(dates: r.dates), pred: [r.dot]))
            }
        }
        // The record as a whole: deleted or not, as it was without `U`.
        let kept = operations.filter { !undone.contains($0.dot) }
        var keptNamed = Set<Dot>()
        for op in kept { keptNamed.formUnion(op.pred) }
        let noSchema = PartySchema(version: 0, idHelp: "", fields: [])
        let before = Merge.record(party, heads: heads(of: kept, named: keptNamed), schema: noSchema)
        let now = Merge.record(party, heads: operations.filter(isHead), schema: noSchema)
        if !before.deleted && now.deleted {
            out.append(RevertEdit(field: "", kind: .restore, value: nil, qualifiers: ClaimQualifiers(), pred: deleteHeads))
        } else if before.deleted && !before.deleteConflict {
            out.append(RevertEdit(field: "", kind: .delete, value: nil, qualifiers: ClaimQualifiers(source: "revert"), pred: deleteHeads))
        } else if before.deleted {
            let restoring = heads(of: kept, named: keptNamed).filter { $0.kind == .delete }
            for d in restoring {
                out.append(RevertEdit(field: "", kind: .delete, value: nil, qualifiers: d.qualifiers, pred: deleteHeads, context: d.context ?? VersionVector()))
            }
        }
        return out
    }

    private static func heads(of ops: [FactOperation], named: Set<Dot>) -> [FactOperation] {
        ops.filter { !named.contains($0.dot) }
    }
}
