/// A change an editor makes on their own replica, before it becomes an operation.
///
/// ```swift
/// let edit = Edit(party: "ucpa", field: "membership", action: .set(.integer(7000)),
///                 source: "party's own figure", asOf: "2005")
/// ```
public struct Edit: Sendable, Hashable {
    /// What the edit does.
    public enum Action: Sendable, Hashable {
        /// Write a value to a single-valued field.
        case set(FactValue)
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
    /// Where the fact comes from.
    public var source: String?
    /// The date the fact holds for: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    public var asOf: String?

    /// Creates an edit.
    public init(party: String, field: String = "", action: Action, source: String? = nil, asOf: String? = nil) {
        self.party = party
        self.field = field
        self.action = action
        self.source = source
        self.asOf = asOf
    }

    /// Whether `text` is an as-of date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with a month 01–12 and a day 01–31.
    public static func isValidAsOf(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, let _ = Int(parts[0]) else { return false }
        if parts.count >= 2 { guard parts[1].count == 2, let m = Int(parts[1]), (1...12).contains(m) else { return false } }
        if parts.count == 3 { guard parts[2].count == 2, let d = Int(parts[2]), (1...31).contains(d) else { return false } }
        return parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}
