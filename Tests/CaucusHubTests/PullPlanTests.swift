@testable import CaucusHub
import CaucusCore
import Testing

@Suite struct PullPlanTests {
    let a = ReplicaID("0000000000000000000000000000000a")!
    let b = ReplicaID("0000000000000000000000000000000b")!

    func vv(_ entries: [ReplicaID: [ClosedRange<Int64>]]) -> VersionVector {
        VersionVector(entries.mapValues { CounterSet(ranges: $0) })
    }

    @Test func aPlanSendsWhatSinceLacks_inReplicaOrder_gapsIncluded() {
        let plan = PullPlan(held: vv([b: [1...10], a: [1...5, 8...9]]), since: vv([a: [1...3], b: [4...6]]), limit: nil, signed: [:])
        #expect(plan.ranges.map(\.replica) == [a, b])
        #expect(plan.ranges[0].counters == [4...5, 8...9])
        #expect(plan.ranges[1].counters == [1...3, 7...10])
        #expect(plan.count == 11)
        #expect(!plan.more)
    }

    @Test func aLimitCutsInsideARange_andSaysMoreRemain() {
        let plan = PullPlan(held: vv([a: [1...5], b: [1...5]]), since: VersionVector(), limit: 7, signed: [:])
        #expect(plan.ranges.map(\.replica) == [a, b])
        #expect(plan.ranges[1].counters == [1...2])
        #expect(plan.count == 7)
        #expect(plan.more)
    }

    @Test func aLimitThatFitsExactlySaysNothingMore() {
        let plan = PullPlan(held: vv([a: [1...5]]), since: VersionVector(), limit: 5, signed: [:])
        #expect(plan.count == 5)
        #expect(!plan.more)
    }

    @Test func aClientThatHoldsEverythingGetsAnEmptyPlan() {
        let held = vv([a: [1...5]])
        let plan = PullPlan(held: held, since: vv([a: [1...9]]), limit: nil, signed: [:])
        #expect(plan.count == 0)
        #expect(plan.ranges.isEmpty)
    }

    @Test func aSignedBatchTheClientHoldsPartOf_isSentWhole_andTheRestIsVouched() {
        let batch = AuthorBatch(replica: a, counters: 3...6, signature: Array(repeating: 1, count: 64))
        let plan = PullPlan(held: vv([a: [1...9]]), since: vv([a: [1...4]]), limit: nil, signed: [a: [batch]])
        #expect(plan.ranges[0].counters == [3...9])
        #expect(plan.batches == [batch, AuthorBatch(replica: a, counters: 7...9, signature: nil)])
        #expect(plan.since(vv([a: [1...4]])) == vv([a: [1...2]]))
    }

    @Test func aLimitNeverCutsASignedBatch_butAFirstBatchLargerThanTheLimitGoesWhole() {
        let first = AuthorBatch(replica: a, counters: 1...6, signature: Array(repeating: 1, count: 64))
        let second = AuthorBatch(replica: a, counters: 7...9, signature: Array(repeating: 2, count: 64))
        let big = PullPlan(held: vv([a: [1...9]]), since: VersionVector(), limit: 4, signed: [a: [first, second]])
        #expect(big.batches == [first])
        #expect(big.count == 6 && big.more)
        let cut = PullPlan(held: vv([a: [1...9]]), since: VersionVector(), limit: 8, signed: [a: [first, second]])
        #expect(cut.batches == [first])
        #expect(cut.count == 6 && cut.more)
    }

    @Test func pullingPlanAfterPlanSendsEveryOperationOnce() {
        let held = vv([a: [1...50, 60...61], b: [3...40]])
        var since = vv([b: [10...12]])
        var sent = 0
        while true {
            let plan = PullPlan(held: held, since: since, limit: 9, signed: [:])
            if plan.count == 0 { break }
            for (replica, ranges) in plan.ranges { for r in ranges { since[replica].formUnion(r) } }
            sent += plan.count
        }
        #expect(since.includes(held))
        #expect(sent == 52 + 38 - 3)
    }
}
