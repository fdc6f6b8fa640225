/// A claim that stands in a field: a value, the time it holds for, its sources, and its rank, as
/// the merge computes it from the field's heads (``Merge/claims(_:)``).
///
/// One claim gathers every head that writes its value and dates (``ClaimKey``): two editors who
/// add the same claim from different sources make one claim with both sources.
public struct Claim: Sendable, Hashable {
    /// The value and dates that identify it.
    public var key: ClaimKey
    /// The distinct ranks of its head `rank` operations, in ``ClaimRank`` order: none means
    /// normal, two or more are a rank conflict.
    public var ranks: [ClaimRank]
    /// The distinct sources of the operations that write it, in byte order.
    public var sources: [String]
    /// The distinct notes of the operations that write it, in byte order.
    public var notes: [String]

    /// Creates a claim.
    public init(key: ClaimKey, ranks: [ClaimRank] = [], sources: [String] = [], notes: [String] = []) {
        self.key = key
        self.ranks = ranks
        self.sources = sources
        self.notes = notes
    }

    /// The claim's value.
    public var value: FactValue { key.value }
    /// Its time qualifiers.
    public var dates: ClaimDates { key.dates }

    /// Its rank; nil while concurrent rank operations disagree (a rank conflict).
    public var rank: ClaimRank? {
        switch ranks.count {
        case 0: return .normal
        case 1: return ranks[0]
        default: return nil
        }
    }

    /// Whether its concurrent rank operations disagree.
    public var hasRankConflict: Bool { ranks.count > 1 }

    /// Whether it is a plain value: normal rank, no span and no note (an as-of date and sources
    /// are what a plain value has always carried).
    public var isPlain: Bool { rank == .normal && dates.start == nil && dates.end == nil && notes.isEmpty }

    /// Its notes as one text, joined by "; ", or nil for none.
    public var note: String? { notes.isEmpty ? nil : notes.joined(separator: "; ") }

    /// The claim as `dump` writes it: `{"value":V,"rank":R,"sources":[…],"as_of":D,"start":D,"end":D,"note":T}`,
    /// keys without a value left out, and the rank candidates as an array while they conflict.
    public var json: String {
        var out = "{\"value\":" + value.json + ",\"rank\":"
        if let rank { out += JSONText.quoted(rank.name) } else { out += "[" + ranks.map { JSONText.quoted($0.name) }.joined(separator: ",") + "]" }
        if !sources.isEmpty { out += ",\"sources\":[" + sources.map(JSONText.quoted).joined(separator: ",") + "]" }
        for (name, text) in [("as_of", dates.asOf), ("start", dates.start), ("end", dates.end), ("note", note)] {
            if let text { out += ",\"" + name + "\":" + JSONText.quoted(text) }
        }
        return out + "}"
    }
}

extension Sequence where Element == Claim {
    /// The claims that held at `date`: those whose span covers it, and of those with only an
    /// as-of date, the ones with the latest as-of at or before it. Claims with no date say
    /// nothing about when they hold, and are left out.
    ///
    /// - Complexity: O(n) date comparisons.
    public func holding(at date: String) -> [Claim] {
        let claims = Array(self)
        let spans = claims.filter { ($0.dates.start != nil || $0.dates.end != nil) && $0.dates.holds(at: date) }
        let points = claims.filter { $0.dates.start == nil && $0.dates.end == nil && $0.dates.holds(at: date) }
        let latest = points.compactMap { $0.dates.asOf.map(ClaimDates.first) }.max()
        return spans + points.filter { $0.dates.asOf.map(ClaimDates.first) == latest }
    }

    /// The claims in the order `show` lists them: preferred first, then normal (and those whose
    /// ranks conflict), then deprecated; within a rank, in time order (undated first), then by JSON text.
    public func inShowOrder() -> [Claim] {
        func group(_ c: Claim) -> Int { c.rank == .preferred ? 0 : c.rank == .deprecated ? 2 : 1 }
        return sorted { a, b in
            let ka = (group(a), a.dates.sortDate.map(ClaimDates.first) ?? ""), kb = (group(b), b.dates.sortDate.map(ClaimDates.first) ?? "")
            if ka != kb { return ka < kb }
            return a.json.utf8.lexicographicallyPrecedes(b.json.utf8)
        }
    }
}
