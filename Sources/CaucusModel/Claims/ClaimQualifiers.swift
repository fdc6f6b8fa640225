/// What an operation says about the claim it writes, removes or ranks, besides its value: where
/// it comes from, when it holds, a note, and (for `rank`) the rank it gives.
public struct ClaimQualifiers: Sendable, Hashable {
    /// Where the claim comes from; for a delete, its reason.
    public var source: String?
    /// The claim's time qualifiers.
    public var dates: ClaimDates
    /// A note on the claim.
    public var note: String?
    /// For `rank`, the rank it gives.
    public var rank: ClaimRank?

    /// Creates qualifiers; each nil (or empty) when absent.
    public init(source: String? = nil, dates: ClaimDates = ClaimDates(), note: String? = nil, rank: ClaimRank? = nil) {
        self.source = source
        self.dates = dates
        self.note = note
        self.rank = rank
    }
}

extension FactOperation {
    /// Its source, dates, note and rank.
    public var qualifiers: ClaimQualifiers {
        get { ClaimQualifiers(source: source, dates: dates, note: note, rank: rank) }
        set { source = newValue.source; dates = newValue.dates; note = newValue.note; rank = newValue.rank }
    }
}
