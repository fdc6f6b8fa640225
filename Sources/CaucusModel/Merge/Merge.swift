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
/// 2. **Claims and single-valued fields.** The head `set`s and `add`s of a field write its
///    *claims*: the heads that write one value with one set of dates (``ClaimKey``) make one
///    claim, whose sources and notes are theirs, so that two editors adding the same claim from
///    different sources corroborate it (``claims(_:)``). A head `clear` or `remove` writes none.
///    A single-valued field is in *conflict* iff its head `set`s hold two or more distinct values,
///    by ``FactValue``'s one equality rule (``isConflict(_:)``): only `set`s that did not see each
///    other make one, never an added claim. Otherwise it shows the value of its one claim, or of
///    its claims when they all have one value, or of its single preferred claim; with none of
///    these it is *disputed* and shows no value (``value(of:)``).
/// 3. **Set fields** (add-wins sets). A set field's members are the distinct values of its
///    claims. A `remove` names the adds of that member its writer saw, so an add it did not see
///    stays.
/// 4. **Deletion** (tombstones). A record is deleted iff it has a head `delete`; a `restore` names
///    the deletes its writer saw.
/// 5. **Delete-vs-edit.** A deleted record is in delete-vs-edit conflict iff one of its heads other
///    than its deletes is in none of its head deletes' contexts (``isDeleteConflict(otherHeads:deleteContexts:sees:)``).
///    Only heads count: an operation that a later one superseded is judged by that later one. So
///    when Alice adds an ideology, Bob removes it, and Dave, holding Bob's remove but not Alice's
///    add, deletes the record, there is no conflict: Dave saw the field's latest word.
/// 6. **Records.** Every party that a held operation names has a record, deleted or not, and a
///    deleted record keeps its fields. The ``DatasetRecord`` (the releases) is merged by the same
///    rules, and is no party's: ``records(_:schema:)`` leaves it out.
/// 7. **Ranks** (a multi-value register per claim). A claim's rank is given by the head `rank`s
///    of its key: none, normal; one distinct rank, that one; two or more, a *rank conflict* that
///    an editor settles by ranking again (``Claim/ranks``). A field with a rank conflict is in
///    conflict (``isInConflict(_:isSet:)``). A head `rank` of a claim that does not stand does nothing.
///
/// 9. **Team fields** (a multi-value register per field definition). The head `set`s of the
///    dataset record's fact `field/NAME` define the field NAME, unless a built-in field has that
///    name: one distinct definition, that one; two or more, a *schema conflict*, in which the field
///    is a set if any definition says so and a value fits if it fits any
///    (``PartySchema/inForce(definitions:)``). Which fields are sets, and so every record's state,
///    follows from the definitions held, wherever in the log they are; values are kept whatever
///    the definitions say.
///
/// Rule 10, which records are one party (`same_as`), is a rule of reads on the records these give:
/// ``SameParty``.
///
/// Time stamps are carried but never decide anything; sources and notes only say where a claim
/// comes from, and dates only which claim it is.
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
    /// The state of every party record the log names, sorted by party id (byte order).
    ///
    /// - Parameters:
    ///   - log: the operations held.
    ///   - schema: the built-in schema, which says which fields are sets; the team's fields are
    ///     added to it from the log (rule 9), and a field neither knows is single-valued.
    /// - Complexity: O(n log n) in the operations held.
    public static func records(_ log: OperationLog, schema: PartySchema) -> [RecordState] {
        var byParty: [String: [FactOperation]] = [:]
        var datasetHeads: [FactOperation] = []
        for op in log.operations.values {
            if !DatasetRecord.isReserved(op.party) { byParty[op.party, default: []].append(op) }
            else if !log.namedInPred.contains(op.dot) { datasetHeads.append(op) }
        }
        let schema = schema.inForce(definitions: PartySchema.definitions(in: datasetHeads))
        return byParty.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { party in
            record(party, heads: byParty[party]!.filter { !log.namedInPred.contains($0.dot) }, schema: schema)
        }
    }

    /// The state of one record from its head operations (rules 2–7).
    ///
    /// - Parameters:
    ///   - party: the record's id.
    ///   - heads: the record's operations that are heads (rule 1), in any order.
    ///   - schema: says which fields are sets.
    public static func record(_ party: String, heads: [FactOperation], schema: PartySchema) -> RecordState {
        var record = RecordState(id: party)
        var byField: [String: [FactOperation]] = [:]
        for op in heads where !op.kind.isRecordLevel { byField[op.field, default: []].append(op) }
        for (field, fieldHeads) in byField {
            fold(field: field, heads: fieldHeads, isSet: schema.field(field)?.isSet ?? false, into: &record)
        }
        let deletes = heads.filter { $0.kind == .delete }.map { $0.context ?? VersionVector() }
        record.deleted = !deletes.isEmpty
        record.deleteConflict = isDeleteConflict(otherHeads: heads.filter { $0.kind != .delete }.map(\.dot),
                                                 deleteContexts: deletes) { $0.contains($1) }
        return record
    }

    /// Rules 2, 3 and 7: puts one field's standing claims, and what they show, into the record.
    ///
    /// - Parameters:
    ///   - field: the field's name.
    ///   - heads: the field's head operations, in any order.
    ///   - isSet: whether it is a set field.
    /// - Complexity: O(n log n) in the heads.
    public static func fold(field: String, heads: [some FieldHead], isSet: Bool, into record: inout RecordState) {
        let claims = claims(heads)
        if !claims.isEmpty { record.claims[field] = claims }
        if isSet {
            if !claims.isEmpty { record.sets[field] = claims.map(\.value).canonicallySorted() }
            return
        }
        let setValues = values(ofSets: heads)
        if isConflict(setValues) {
            record.conflicts[field] = setValues.canonicallySorted()
        } else if let value = value(of: claims) {
            record.fields[field] = value
        }
    }

    /// Rules 2 and 7: the claims that stand in a field with these heads, sorted by their JSON text.
    ///
    /// - Complexity: O(n log n) in the heads.
    public static func claims(_ heads: [some FieldHead]) -> [Claim] {
        // A field of one head, the common case, needs no grouping.
        if heads.count == 1, let key = heads[0].claimKey, heads[0].kind.writesClaim {
            return [Claim(key: key, sources: heads[0].source.map { [$0] } ?? [], notes: heads[0].note.map { [$0] } ?? [])]
        }
        var writers: [ClaimKey: (sources: Set<String>, notes: Set<String>)] = [:]
        var ranks: [ClaimKey: Set<ClaimRank>] = [:]
        for head in heads {
            guard let key = head.claimKey else { continue }
            if head.kind.writesClaim {
                var w = writers[key] ?? ([], [])
                if let source = head.source { w.sources.insert(source) }
                if let note = head.note { w.notes.insert(note) }
                writers[key] = w
            } else if head.kind == .rank, let rank = head.rank {
                ranks[key, default: []].insert(rank)
            }
        }
        func byBytes(_ texts: Set<String>) -> [String] { texts.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
        return writers.map { key, w in
            Claim(key: key, ranks: (ranks[key] ?? []).sorted(), sources: byBytes(w.sources), notes: byBytes(w.notes))
        }.map { ($0.json, $0) }.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }.map(\.1)
    }

    /// Rule 2: the value a single-valued field with these standing claims shows, when it is not
    /// in conflict: its one claim's, the one value of all its claims, or its single preferred
    /// claim's; nil for no claim, and for a disputed field.
    ///
    /// - Complexity: O(n) in the claims.
    public static func value(of claims: [Claim]) -> FactValue? {
        guard let first = claims.first else { return nil }
        if !isConflict(claims.lazy.map(\.value)) { return first.value }
        let preferred = claims.filter { $0.rank == .preferred }
        return preferred.count == 1 ? preferred[0].value : nil
    }

    /// Whether a single-valued field with these standing claims, not in conflict, is disputed:
    /// its claims disagree and no single one is preferred.
    public static func isDisputed(_ claims: [Claim]) -> Bool { claims.count > 1 && value(of: claims) == nil }

    /// The values of the `set`s among `heads`, in their order.
    ///
    /// A loop into an array rather than a lazy filter and map: these functions are generic over
    /// the heads, and called from the store unspecialized, where each lazy wrapper's type would
    /// be looked up at run time on every call (`Tools/bench/RESULTS.md`, 2026-12-04, dump).
    static func values(ofSets heads: [some FieldHead]) -> [FactValue] {
        var values: [FactValue] = []
        for head in heads where head.kind == .set { if let v = head.value { values.append(v) } }
        return values
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

    /// Rules 2 and 7: whether a field with these heads is in conflict: its head sets hold two or
    /// more distinct values (for a single-valued field), or one of its claims has a rank conflict.
    ///
    /// - Complexity: O(n log n) in the heads; O(n) when none is a `rank`.
    public static func isInConflict(_ heads: [some FieldHead], isSet: Bool) -> Bool {
        if !isSet, isConflict(values(ofSets: heads)) { return true }
        guard heads.lazy.filter({ $0.kind == .rank }).count > 1 else { return false }
        return claims(heads).contains(where: \.hasRankConflict)
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
