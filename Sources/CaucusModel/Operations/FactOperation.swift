/// What an operation does.
///
/// The raw values are stored in the database and written in changesets; they never change.
public enum OperationKind: UInt8, Sendable, CaseIterable {
    /// Writes one claim to a single-valued field, superseding every claim of it that its writer had seen.
    case set = 1
    /// Removes the claims of a field its writer had seen (all members, for a set field).
    case clear = 2
    /// Adds a claim beside the standing ones: a member, for a set field (`apply` calls it `claim`
    /// on a single-valued field).
    case add = 3
    /// Removes the claims its writer had seen of one value (a set field's `remove`) or of one
    /// value and dates (`retract`); a concurrent add wins.
    case remove = 4
    /// Deletes the record (a tombstone); its context says which edits it saw.
    case delete = 5
    /// Undoes the deletes its writer had seen.
    case restore = 6
    /// Gives a claim a rank, superseding the ranks of that claim its writer had seen.
    case rank = 7

    /// Whether an operation of this kind is itself current until superseded: a value, a rank or a delete.
    public var isLive: Bool { self == .set || self == .add || self == .delete || self == .rank }

    /// Whether it writes a claim: a set or an add.
    public var writesClaim: Bool { self == .set || self == .add }

    /// Whether it carries a value: the claim it writes, removes or ranks.
    public var hasValue: Bool { self == .set || self == .add || self == .remove || self == .rank }

    /// Whether the operation is about the record rather than one of its fields.
    public var isRecordLevel: Bool { self == .delete || self == .restore }

    /// The kind's name, as `apply` and `history` spell it.
    public var name: String {
        switch self {
        case .set: return "set"
        case .clear: return "clear"
        case .add: return "add"
        case .remove: return "remove"
        case .delete: return "delete"
        case .restore: return "restore"
        case .rank: return "rank"
        }
    }
}

/// One change to one fact, as it travels between replicas.
///
/// An operation names the operations it supersedes (`pred`): the values its
/// writer saw in that field (or, for `remove`, the adds of that member). The
/// merge keeps a value until an operation that names it arrives; values no
/// operation names are kept side by side, which is how concurrent writes
/// become a conflict instead of a loss. A delete carries its writer's whole
/// version vector (`context`), so that edits it did not see can be flagged.
public struct FactOperation: Sendable, Hashable, FieldHead {
    /// The operation's identity: its replica and counter.
    public var dot: Dot
    /// The party id.
    public var party: String
    /// The field name; empty for record-level kinds.
    public var field: String
    /// What it does.
    public var kind: OperationKind
    /// The value written (`set`, `add`), removed (`remove`) or ranked (`rank`); nil otherwise.
    public var value: FactValue?
    /// The operations this one supersedes.
    public var pred: [Dot]
    /// For `delete`: everything its writer held when deleting.
    public var context: VersionVector?
    /// When it was made, in seconds since 1970 (shown to editors, never used by the merge).
    public var time: Int64
    /// Where the fact comes from, in the editor's words.
    public var source: String?
    /// The date the fact holds at (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    public var asOf: String?
    /// The first date the claim holds.
    public var start: String?
    /// The last date the claim holds.
    public var end: String?
    /// A note on the claim, such as "according to the Justice Ministry".
    public var note: String?
    /// For `rank`, the rank it gives; nil otherwise.
    public var rank: ClaimRank?

    /// The time qualifiers of the claim it writes, removes or ranks.
    public var dates: ClaimDates {
        get { ClaimDates(asOf: asOf, start: start, end: end) }
        set { asOf = newValue.asOf; start = newValue.start; end = newValue.end }
    }

    /// Creates an operation.
    public init(dot: Dot, party: String, field: String, kind: OperationKind, value: FactValue? = nil,
                pred: [Dot] = [], context: VersionVector? = nil, time: Int64, source: String? = nil, asOf: String? = nil,
                start: String? = nil, end: String? = nil, note: String? = nil, rank: ClaimRank? = nil) {
        self.dot = dot
        self.party = party
        self.field = field
        self.kind = kind
        self.value = value
        self.pred = pred
        self.context = context
        self.time = time
        self.source = source
        self.asOf = asOf
        self.start = start
        self.end = end
        self.note = note
        self.rank = rank
    }
}
