import CaucusCore

/// What a pull sends: the operations the hub holds that the client's version vector lacks, up to
/// a limit, in the order a changeset holds them (replica id, then counter), with their author
/// batches.
///
/// A signed batch is sent whole, even where the client holds part of it, so that the client can
/// check its signature; the limit cuts between signed batches, or inside an unsigned range, and
/// a signed batch larger than the limit goes whole when it comes first. What no signed batch
/// covers, the hub vouches for.
///
/// The plan is made from version vectors and the signed batches that meet what is missing, so
/// it costs O(replicas × ranges + batches), not the history; and since the hub never drops an
/// operation, the counters it names stay exactly the operations held when the pull began,
/// however long the pull takes.
struct PullPlan: Equatable {
    /// The counters to send, by replica, in replica id order.
    let ranges: [(replica: ReplicaID, counters: [ClosedRange<Int64>])]
    /// Their batches, by replica then counter: signed ones whole, the rest vouched for by the hub.
    let batches: [AuthorBatch]
    /// The operations to send.
    let count: Int
    /// Whether the limit left operations out.
    let more: Bool

    /// What the client lacks, by replica: the counters `held` has and `since` lacks.
    static func missing(held: VersionVector, since: VersionVector) -> [ReplicaID: [ClosedRange<Int64>]] {
        var missing: [ReplicaID: [ClosedRange<Int64>]] = [:]
        for (replica, counters) in held.entries {
            let lacking = counters.subtracting(since[replica])
            if !lacking.isEmpty { missing[replica] = lacking }
        }
        return missing
    }

    /// The plan for a client that holds `since`, of a hub that holds `held`, given the signed
    /// batches (`signed`, by replica) that meet what the client lacks.
    init(held: VersionVector, since: VersionVector, limit: Int?, signed: [ReplicaID: [AuthorBatch]]) {
        var budget = Int64(limit ?? Int.max)
        var ranges: [(replica: ReplicaID, counters: [ClosedRange<Int64>])] = []
        var batches: [AuthorBatch] = []
        var more = false
        var count: Int64 = 0
        for replica in held.entries.keys.sorted() where !more {
            let own = (signed[replica] ?? []).sorted { $0.counters.lowerBound < $1.counters.lowerBound }
            var whole = CounterSet(ranges: held[replica].subtracting(since[replica]))
            for b in own { whole.formUnion(b.counters) }
            // The units a pull sends: signed batches, whole, and the unsigned ranges between them.
            var units: [(counters: ClosedRange<Int64>, signature: [UInt8]?)] = []
            var i = 0
            for range in whole.ranges {
                var next = range.lowerBound
                while i < own.count, own[i].counters.upperBound <= range.upperBound {
                    if own[i].counters.lowerBound > next { units.append((next...(own[i].counters.lowerBound - 1), nil)) }
                    units.append((own[i].counters, own[i].signature))
                    next = own[i].counters.upperBound + 1
                    i += 1
                }
                if next <= range.upperBound { units.append((next...range.upperBound, nil)) }
            }
            var kept = CounterSet()
            for unit in units {
                let size = unit.counters.upperBound - unit.counters.lowerBound + 1
                var sent = unit.counters
                if size > budget && !(unit.signature != nil && count == 0) {
                    more = true
                    guard unit.signature == nil, budget > 0 else { break }
                    sent = unit.counters.lowerBound...(unit.counters.lowerBound + budget - 1)
                }
                kept.formUnion(sent)
                batches.append(AuthorBatch(replica: replica, counters: sent, signature: unit.signature))
                let n = sent.upperBound - sent.lowerBound + 1
                count += n
                budget = Swift.max(0, budget - n)
                if more { break }
            }
            if !kept.isEmpty { ranges.append((replica, kept.ranges)) }
        }
        self.ranges = ranges
        self.batches = batches
        self.count = Int(count)
        self.more = more
    }

    /// `since` less what the plan sends: what the changeset is made against.
    func since(_ since: VersionVector) -> VersionVector {
        var widened = since
        for (replica, counters) in ranges {
            widened[replica] = CounterSet(ranges: since[replica].subtracting(CounterSet(ranges: counters)))
        }
        return widened
    }

    static func == (a: PullPlan, b: PullPlan) -> Bool {
        a.count == b.count && a.more == b.more && a.batches == b.batches
            && a.ranges.elementsEqual(b.ranges) { $0.replica == $1.replica && $0.counters == $1.counters }
    }
}
