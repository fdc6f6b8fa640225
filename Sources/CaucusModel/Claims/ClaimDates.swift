/// The time qualifiers of a claim: a point in time (`asOf`) and a span (`start`, `end`), each a
/// date of the precision its source gives, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
///
/// With its value, they identify a claim within its field (``ClaimKey``): membership 7,000 as of
/// 2005 and 7,000 as of 2010 are two claims, a series.
public struct ClaimDates: Sendable, Hashable {
    /// The date the claim holds at.
    public var asOf: String?
    /// The first date the claim holds.
    public var start: String?
    /// The last date the claim holds.
    public var end: String?

    /// Creates time qualifiers; each nil when the claim does not give it.
    public init(asOf: String? = nil, start: String? = nil, end: String? = nil) {
        self.asOf = asOf
        self.start = start
        self.end = end
    }

    /// Whether the claim gives no date at all.
    public var isEmpty: Bool { asOf == nil && start == nil && end == nil }

    /// Whether `text` is a date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with a month 01–12 and a day 01–31.
    public static func isValidDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4 else { return false }
        if parts.count >= 2 { guard parts[1].count == 2, let m = Int(parts[1]), (1...12).contains(m) else { return false } }
        if parts.count == 3 { guard parts[2].count == 2, let d = Int(parts[2]), (1...31).contains(d) else { return false } }
        return parts.allSatisfy { $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }
    }

    /// The first date-like text that is not a date, with its name (`as_of`, `start`, `end`); or
    /// a span that ends before it starts, as `end`.
    public var problem: (name: String, text: String)? {
        for (name, text) in [("as_of", asOf), ("start", start), ("end", end)] {
            if let text, !Self.isValidDate(text) { return (name, text) }
        }
        if let start, let end, Self.last(end) < Self.first(start) { return ("end", end) }
        return nil
    }

    /// Whether the claim holds at `date` (a date of any precision): its span covers it, or,
    /// with no span, its `asOf` is at or before it. A claim with no date holds at no date.
    ///
    /// A date stands for the whole period it names: the span 1998–2000 covers 2000-06, and a
    /// claim as of 2005-03 holds at 2005.
    public func holds(at date: String) -> Bool {
        if start != nil || end != nil {
            if let start, Self.last(date) < Self.first(start) { return false }
            if let end, Self.last(end) < Self.first(date) { return false }
            return true
        }
        guard let asOf else { return false }
        return Self.first(asOf) <= Self.last(date)
    }

    /// The dates as an editor reads them: `2005`, `1998–2000`, `from 1998`, `until 2000`, or
    /// `2005, 1998–2000` with both; nil for none.
    public var text: String? {
        var parts: [String] = []
        if let asOf { parts.append(asOf) }
        switch (start, end) {
        case let (s?, e?): parts.append(s + "–" + e)
        case let (s?, nil): parts.append("from " + s)
        case let (nil, e?): parts.append("until " + e)
        case (nil, nil): break
        }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// The date that orders claims in a series: `asOf`, else `start`, else `end`; nil for none.
    public var sortDate: String? { asOf ?? start ?? end }

    /// The first day a date names, as `YYYY-MM-DD`.
    static func first(_ date: String) -> String {
        switch date.utf8.count {
        case 4: return date + "-01-01"
        case 7: return date + "-01"
        default: return date
        }
    }

    /// The last day a date names, as `YYYY-MM-DD` (a month's last day as 31: only order matters).
    static func last(_ date: String) -> String {
        switch date.utf8.count {
        case 4: return date + "-12-31"
        case 7: return date + "-31"
        default: return date
        }
    }
}

/// What identifies a claim within its field: its value and its time qualifiers.
public struct ClaimKey: Sendable, Hashable {
    /// The claim's value.
    public var value: FactValue
    /// Its time qualifiers.
    public var dates: ClaimDates

    /// Creates a claim key.
    public init(value: FactValue, dates: ClaimDates = ClaimDates()) {
        self.value = value
        self.dates = dates
    }
}
