/// How an editor weighs a claim against the other claims of its field, as Wikidata ranks statements.
///
/// The raw values are stored in the database and written in changesets; they never change.
public enum ClaimRank: UInt8, Sendable, CaseIterable, Comparable {
    /// The claim to show when a field holds several: the leader a source recognises, the figure
    /// the team trusts most.
    case preferred = 1
    /// The default: a claim as good as its sources.
    case normal = 0
    /// A claim known to be wrong, kept so that it is not added again.
    case deprecated = 2

    /// The rank's name, as `apply`, `dump` and `show` spell it.
    public var name: String {
        switch self {
        case .preferred: return "preferred"
        case .normal: return "normal"
        case .deprecated: return "deprecated"
        }
    }

    /// The rank named `name`, or nil.
    public init?(name: String) {
        guard let rank = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = rank
    }

    /// Ranks order by name (byte order), so that every replica lists rank candidates alike.
    public static func < (a: ClaimRank, b: ClaimRank) -> Bool { a.name < b.name }
}
