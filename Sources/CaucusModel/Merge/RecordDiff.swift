/// What changed in one record between two states of it, such as two releases (`caucus diff`).
///
/// A pure function of the two ``RecordState``s (``init(before:after:)``): two replicas that hold
/// the operations of both versions compute the same diff. Who made the changes is the store's to
/// add (``FieldChange/editors``), from the operations between the versions.
public struct RecordDiff: Sendable, Hashable {
    /// How the record as a whole changed.
    public enum Change: String, Sendable, Hashable {
        /// Absent before, present after.
        case created
        /// Present and not deleted before, deleted after.
        case deleted
        /// Deleted before, not deleted after.
        case restored
        /// Present before and after, its deletion unchanged, and some field or its delete conflict changed.
        case changed
        /// Present before, absent after: the later version does not hold the operations that made it.
        case absent
    }

    /// The record's id.
    public var id: String
    /// How the record changed.
    public var change: Change
    /// Its fields that changed, sorted by name (byte order).
    public var fields: [FieldChange]
    /// The editors whose operations between the two versions touched the record, sorted; the
    /// store's to fill in, as ``FieldChange/editors``.
    public var editors: [String] = []
    /// Whether it was in delete-vs-edit conflict before.
    public var deleteConflictBefore: Bool
    /// Whether it is in delete-vs-edit conflict after.
    public var deleteConflictAfter: Bool

    /// The diff of a record from `before` to `after` (nil: absent at that version), or nil when
    /// nothing differs: the same fields, values, claims, deletion and conflicts.
    ///
    /// - Complexity: O(f log f) in the fields of the two states.
    public init?(before: RecordState?, after: RecordState?) {
        guard let some = after ?? before else { return nil }
        id = some.id
        let names = Set(before?.fieldNames ?? []).union(after?.fieldNames ?? [])
        fields = names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.compactMap { name in
            let b = before.map { FieldState(name, in: $0) } ?? .absent, a = after.map { FieldState(name, in: $0) } ?? .absent
            return b == a ? nil : FieldChange(name: name, before: b, after: a, editors: [])
        }
        deleteConflictBefore = before?.deleteConflict ?? false
        deleteConflictAfter = after?.deleteConflict ?? false
        switch (before, after) {
        case (nil, _?): change = .created
        case (_?, nil): change = .absent
        case (let b?, let a?) where !b.deleted && a.deleted: change = .deleted
        case (let b?, let a?) where b.deleted && !a.deleted: change = .restored
        default:
            guard !fields.isEmpty || deleteConflictBefore != deleteConflictAfter else { return nil }
            change = .changed
        }
    }

    /// The fields whose conflict appeared (in conflict after, not before), and those settled.
    public var conflictsAppeared: [String] { fields.filter { $0.after.isConflict && !$0.before.isConflict }.map(\.name) }
    /// The fields in conflict before and not after.
    public var conflictsSettled: [String] { fields.filter { $0.before.isConflict && !$0.after.isConflict }.map(\.name) }
}

/// One field's change in a ``RecordDiff``.
public struct FieldChange: Sendable, Hashable {
    /// The field's name.
    public var name: String
    /// What it showed before.
    public var before: FieldState
    /// What it shows after.
    public var after: FieldState
    /// The editors whose operations between the two versions touched it, sorted.
    public var editors: [String]

    /// Creates a field change.
    public init(name: String, before: FieldState, after: FieldState, editors: [String]) {
        self.name = name
        self.before = before
        self.after = after
        self.editors = editors
    }
}

/// What one field of a record shows (merge rules 2 and 3), and its standing claims.
public enum FieldState: Sendable, Hashable {
    /// No claim stands.
    case absent
    /// A single value: its settled value, and its claims.
    case value(FactValue, claims: [Claim])
    /// A set field's members, and their claims.
    case members([FactValue], claims: [Claim])
    /// A conflict: every candidate, and the claims.
    case conflict([FactValue], claims: [Claim])
    /// A disputed field: claims that disagree, none preferred.
    case disputed(claims: [Claim])

    /// The field `name` of `record`.
    public init(_ name: String, in record: RecordState) {
        let claims = record.claims[name] ?? []
        if let v = record.fields[name] { self = .value(v, claims: claims) }
        else if let m = record.sets[name] { self = .members(m, claims: claims) }
        else if let c = record.conflicts[name] { self = .conflict(c, claims: claims) }
        else if !claims.isEmpty { self = .disputed(claims: claims) }
        else { self = .absent }
    }

    /// Whether the field is in conflict: candidates that disagree, or a claim whose ranks do.
    public var isConflict: Bool {
        if case .conflict = self { return true }
        return claims.contains(where: \.hasRankConflict)
    }

    /// Whether its claims say more than its values: a claim that is not plain, or more claims than
    /// values shown (as ``RecordState/listsClaims(of:)`` decides for `dump`).
    public var listsClaims: Bool {
        let shown: Int
        switch self {
        case .absent, .disputed: shown = 0
        case .value: shown = 1
        case .members(let m, _), .conflict(let m, _): shown = m.count
        }
        return claims.count != shown || claims.contains { !$0.isPlain }
    }

    /// Its claims.
    public var claims: [Claim] {
        switch self {
        case .absent: return []
        case .value(_, let c), .members(_, let c), .conflict(_, let c), .disputed(let c): return c
        }
    }

    /// As `diff --json` writes it: `null`, the value, the members as an array,
    /// `{"conflict":[…]}` or `{"disputed":[…]}` (the claims' values).
    public var json: String {
        switch self {
        case .absent: return "null"
        case .value(let v, _): return v.json
        case .members(let m, _): return "[" + m.map(\.json).joined(separator: ",") + "]"
        case .conflict(let c, _): return "{\"conflict\":[" + c.map(\.json).joined(separator: ",") + "]}"
        case .disputed(let c): return "{\"disputed\":[" + c.map(\.value.json).joined(separator: ",") + "]}"
        }
    }
}

extension RecordState {
    /// The names of the fields that hold anything: values, members, conflicts or claims.
    var fieldNames: Set<String> {
        Set(fields.keys).union(sets.keys).union(conflicts.keys).union(claims.keys)
    }
}
