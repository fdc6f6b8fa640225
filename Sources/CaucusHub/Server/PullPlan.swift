import CaucusCore

/// What a pull sends: the operations the hub holds that the client's version vector lacks, up to
/// a limit, in the order a changeset holds them (replica id, then counter).
///
/// The plan is made from version vectors alone, so it costs O(replicas × ranges), not the
/// history; and since the hub never drops an operation, the counters it names stay exactly the
/// operations held when the pull began, however long the pull takes.
struct PullPlan: Equatable {
    /// The counters to send, by replica, in replica id order.
    let ranges: [(replica: ReplicaID, counters: [ClosedRange<Int64>])]
    /// The operations to send.
    let count: Int
    /// Whether the limit left operations out.
    let more: Bool

    /// The plan for a client that holds `since`, of a hub that holds `held`.
    init(held: VersionVector, since: VersionVector, limit: Int?) {
        var budget = Int64(limit ?? Int.max)
        var ranges: [(replica: ReplicaID, counters: [ClosedRange<Int64>])] = []
        var more = false
        var count: Int64 = 0
        for replica in held.entries.keys.sorted() where !more {
            var kept: [ClosedRange<Int64>] = []
            for range in held[replica].subtracting(since[replica]) {
                let size = range.upperBound - range.lowerBound + 1
                if size > budget {
                    if budget > 0 { kept.append(range.lowerBound...(range.lowerBound + budget - 1)) }
                    count += budget
                    budget = 0
                    more = true
                    break
                }
                kept.append(range)
                count += size
                budget -= size
            }
            if !kept.isEmpty { ranges.append((replica, kept)) }
        }
        self.ranges = ranges
        self.count = Int(count)
        self.more = more
    }

    static func == (a: PullPlan, b: PullPlan) -> Bool {
        a.count == b.count && a.more == b.more && a.ranges.elementsEqual(b.ranges) { $0.replica == $1.replica && $0.counters == $1.counters }
    }
}
