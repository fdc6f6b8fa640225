/// A head operation of one field, as the claim rules read it (``Merge/claims(_:)``).
///
/// ``FactOperation`` is one; the store's rows are another, so that the store asks the same rules
/// without making operations.
public protocol FieldHead {
    /// What it does.
    var kind: OperationKind { get }
    /// The value it writes, or the claim it ranks.
    var value: FactValue? { get }
    /// Where the claim comes from.
    var source: String? { get }
    /// The time qualifiers of the claim it writes or ranks.
    var dates: ClaimDates { get }
    /// The note on the claim it writes.
    var note: String? { get }
    /// For a `rank` operation, the rank it gives.
    var rank: ClaimRank? { get }
}

extension FieldHead {
    /// The claim it writes or ranks; nil for kinds with no value.
    public var claimKey: ClaimKey? { value.map { ClaimKey(value: $0, dates: dates) } }
}
