/// A change an editor makes on their own replica, before it becomes an operation.
///
/// ```swift
/// let edit = Edit(party: "ucpa", field: "membership", action: .set(.integer(7000)),
///                 source: "party's own figure", asOf: "2005")
/// ```
public struct Edit: Sendable, Hashable {
    /// What the edit does.
    public enum Action: Sendable, Hashable {
        /// Replace every claim of a single-valued field that this replica holds with one claim.
        case set(FactValue)
        /// Add a claim beside the standing ones, on any field.
        case claim(FactValue)
        /// Remove the claim of this value and dates that this replica holds.
        case retract(FactValue)
        /// Give the claim of this value and dates a rank.
        case rank(FactValue, ClaimRank)
        /// Remove the field's values (or every member of a set field).
        case clear
        /// Add a member to a set field.
        case add(FactValue)
        /// Remove a member from a set field.
        case remove(FactValue)
        /// Delete the record.
        case delete
        /// Bring back a deleted record.
        case restore
    }

    /// The party id.
    public var party: String
    /// The field name; ignored for `delete` and `restore`.
    public var field: String
    /// What to do.
    public var action: Action
    /// Where the fact comes from; for `delete`, the reason.
    public var source: String?
    /// The claim's time qualifiers: each `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    public var dates: ClaimDates
    /// A note on the claim.
    public var note: String?

    /// The date the fact holds at.
    public var asOf: String? {
        get { dates.asOf }
        set { dates.asOf = newValue }
    }

    /// Creates an edit.
    public init(party: String, field: String = "", action: Action, source: String? = nil, asOf: String? = nil,
                start: String? = nil, end: String? = nil, note: String? = nil) {
        self.party = party
        self.field = field
        self.action = action
        self.source = source
        self.dates = ClaimDates(asOf: asOf, start: start, end: end)
        self.note = note
    }
}
