/// The merge: what every replica shows, as a pure function of the operations it holds.
///
/// The SQLite store (`CaucusCore`) computes the same function incrementally; its tests demand that
/// it equals ``records(_:schema:)`` record by record on random operation sets.
///
/// ## Rules
///
/// 1. **Heads.** An operation is a *head* iff no held operation names it in its `pred`. A writer
///    names the operations it saw in a fact, so the heads of a fact are the writes nobody has yet
///    seen and overwritten. An operation that arrives after one that names it arrives superseded.
/// 2. **Single-valued fields** (multi-value registers). A field shows the distinct values of its
///    head `set`s, by ``FactValue``'s one equality rule: none, no value; one, the field's value;
///    two or more, a *conflict* listing every candidate in canonical order (``isConflict(_:)``).
///    A head `clear` holds no value. Equal values written concurrently are one value.
/// 3. **Set fields** (add-wins sets). A member is present iff a head `add` of it exists. A `remove`
///    names the adds of that member its writer saw, so an add it did not see stays.
/// 4. **Deletion** (tombstones). A record is deleted iff it has a head `delete`; a `restore` names
///    the deletes its writer saw.
/// 5. **Delete-vs-edit.** A deleted record is in delete-vs-edit conflict iff one of its heads other
///    than its deletes is in none of its head deletes' contexts (``isDeleteConflict(otherHeads:deleteContexts:sees:)``).
///    Only heads count: an operation that a later one superseded is judged by that later one. So
///    when Alice adds an ideology, Bob removes it, and Dave, holding Bob's remove but not Alice's
///    add, deletes the record, there is no conflict: Dave saw the field's latest word.
/// 6. **Records.** Every party that a held operation names has a record, deleted or not, and a
///    deleted record keeps its fields.
///
/// Time stamps, sources and as-of dates are carried but never decide anything.
///
/// ## Laws
///
/// With `S`, `A`, `B`, `C` logs and `∪` their union (``OperationLog/merging(_:)``), and
/// `state(S) = records(S)`:
///
/// - commutative: `state(A ∪ B) = state(B ∪ A)`;
/// - associative: `state((A ∪ B) ∪ C) = state(A ∪ (B ∪ C))`;
/// - idempotent: `state(A ∪ A) = state(A)`;
/// - order-free: inserting the operations of `S` one by one, in any order and with repeats,
///   gives a log whose state is `state(S)`.
///
/// `Tests/CaucusModelTests/MergeLawTests.swift` gives each law its own test.
public enum Merge {
    /// The state of every record the log names, sorted by party id (byte order).
    ///
    /// - Parameters:
    ///   - log: the operations held.
    ///   - schema: says which fields are sets; a field it does not know is single-valued.
    /// - Complexity: O(n log n) in the operations held.
    public static func records(_ log: OperationLog, schema: PartySchema) -> [RecordState] {
        var byParty: [String: [FactOperation]] = [:]
        for op in log.operations.values { byParty[op.party, default: []].append(op) }
        return byParty.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { party in
            record(party, heads: byParty[party]!.filter { !log.namedInPred.contains($0.dot) }, schema: schema)
        }
    }

    /// The state of one record from its head operations (rules 2–6).
    ///
    /// - Parameters:
    ///   - party: the record's id.
    ///   - heads: the record's operations that are heads (rule 1), in any order.
    ///   - schema: says which fields are sets.
    public static func record(_ party: String, heads: [FactOperation], schema: PartySchema) -> RecordState {
        var record = RecordState(id: party)
        var values: [String: [FactValue]] = [:]
        for op in heads where op.kind == .set || op.kind == .add {
            if let value = op.value { values[op.field, default: []].append(value) }
        }
        fold(values, into: &record, schema: schema)
        let deletes = heads.filter { $0.kind == .delete }.map { $0.context ?? VersionVector() }
        record.deleted = !deletes.isEmpty
        record.deleteConflict = isDeleteConflict(otherHeads: heads.filter { $0.kind != .delete }.map(\.dot),
                                                 deleteContexts: deletes) { $0.contains($1) }
        return record
    }

    /// Rules 2 and 3: puts the values of a record's head sets and adds, by field, into its fields,
    /// sets and conflicts.
    ///
    /// - Complexity: O(n log n) in the values.
    public static func fold(_ values: [String: [FactValue]], into record: inout RecordState, schema: PartySchema) {
        for (field, vs) in values {
            let distinct = vs.canonicallySorted()
            if schema.field(field)?.isSet ?? false {
                record.sets[field] = distinct
            } else if distinct.count == 1 {
                record.fields[field] = distinct[0]
            } else {
                record.conflicts[field] = distinct
            }
        }
    }

    /// Rule 2: whether a single-valued field whose head sets hold `values` is in conflict, that is,
    /// holds two or more distinct values.
    ///
    /// - Complexity: O(n) comparisons.
    public static func isConflict(_ values: some Sequence<FactValue>) -> Bool {
        var first: FactValue?
        for value in values {
            if let first { if value != first { return true } } else { first = value }
        }
        return false
    }

    /// Rule 5: whether a record with head deletes of `deleteContexts` is in delete-vs-edit
    /// conflict, that is, whether one of its other heads is seen by none of them.
    ///
    /// Generic over how heads and contexts are represented, so that the store asks this same
    /// function with its local ids.
    ///
    /// - Parameters:
    ///   - otherHeads: the record's heads that are not deletes.
    ///   - deleteContexts: the contexts of its head deletes; none for a record that is not deleted.
    ///   - sees: whether a delete's context holds a head.
    /// - Complexity: O(heads × deletes) calls of `sees`.
    public static func isDeleteConflict<Head, Context>(otherHeads: some Sequence<Head>, deleteContexts: [Context],
                                                       sees: (Context, Head) -> Bool) -> Bool {
        guard !deleteContexts.isEmpty else { return false }
        return otherHeads.contains { head in !deleteContexts.contains { sees($0, head) } }
    }
}
