/// A set of operation counters of one replica, kept as sorted, disjoint,
/// non-adjacent closed ranges (`[1...120, 131...140]`): a replica that holds
/// everything up to n is the single range `1...n`; a gap shows as two ranges.
public struct CounterSet: Sendable, Hashable {
    /// The ranges, sorted, disjoint and never touching.
    public private(set) var ranges: [ClosedRange<Int64>]

    /// The empty set.
    public init() { ranges = [] }

    /// The set `1...n` (empty when n is 0).
    public init(upTo n: Int64) { ranges = n > 0 ? [1...n] : [] }

    /// The union of `ranges`, in any order and overlapping or not.
    public init(ranges: some Sequence<ClosedRange<Int64>>) {
        self.init()
        for r in ranges { formUnion(r) }
    }

    /// True when the set holds no counter.
    public var isEmpty: Bool { ranges.isEmpty }

    /// The number of counters held.
    public var count: Int64 { ranges.reduce(0) { $0 + ($1.upperBound - $1.lowerBound + 1) } }

    /// The highest counter held, or 0.
    public var max: Int64 { ranges.last?.upperBound ?? 0 }

    /// Whether `counter` is in the set.
    ///
    /// - Complexity: O(log r) for r ranges.
    public func contains(_ counter: Int64) -> Bool {
        var lo = 0, hi = ranges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = ranges[mid]
            if counter < r.lowerBound { hi = mid - 1 } else if counter > r.upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }

    /// Adds every counter of `range`.
    public mutating func formUnion(_ range: ClosedRange<Int64>) {
        // Fast path: appending at or just past the end, the common case.
        if let last = ranges.last, range.lowerBound >= last.lowerBound {
            if range.lowerBound <= last.upperBound + 1 {
                ranges[ranges.count - 1] = last.lowerBound...Swift.max(last.upperBound, range.upperBound)
                return
            }
            ranges.append(range)
            return
        }
        var merged = range
        var out: [ClosedRange<Int64>] = []
        out.reserveCapacity(ranges.count + 1)
        var placed = false
        for r in ranges {
            if r.upperBound + 1 < merged.lowerBound {
                out.append(r)
            } else if merged.upperBound + 1 < r.lowerBound {
                if !placed { out.append(merged); placed = true }
                out.append(r)
            } else {
                merged = Swift.min(r.lowerBound, merged.lowerBound)...Swift.max(r.upperBound, merged.upperBound)
            }
        }
        if !placed { out.append(merged) }
        ranges = out
    }

    /// Adds every counter of `other`.
    public mutating func formUnion(_ other: CounterSet) {
        for r in other.ranges { formUnion(r) }
    }

    /// The counters of this set that `other` lacks, as ranges.
    public func subtracting(_ other: CounterSet) -> [ClosedRange<Int64>] {
        var out: [ClosedRange<Int64>] = []
        for r in ranges {
            var start = r.lowerBound
            for o in other.ranges where o.upperBound >= start && o.lowerBound <= r.upperBound {
                if o.lowerBound > start { out.append(start...(o.lowerBound - 1)) }
                start = Swift.max(start, o.upperBound + 1)
                if start > r.upperBound { break }
            }
            if start <= r.upperBound { out.append(start...r.upperBound) }
        }
        return out
    }
}
