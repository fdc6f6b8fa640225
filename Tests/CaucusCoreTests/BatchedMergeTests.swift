@testable import CaucusCore
import Testing

/// Remote operations are merged in batches sorted by record: the result, and what
/// the merge reports, must not depend on where the batches break.
@Suite struct BatchedMergeTests {
    /// Alice's base; Bob and Carol set the membership concurrently, then Carol sees Bob's value and writes it too.
    func conflictMadeAndSettled(onFile: Bool) throws -> (alice: TestReplica, ops: [FactOperation], known: [ReplicaInfo]) {
        let alice = try TestReplica("alice", onFile: onFile), bob = try TestReplica("bob"), carol = try TestReplica("carol")
        try alice.set("ucpa", "membership", .integer(6000))
        try bob.pull(from: alice)
        try carol.pull(from: alice)
        try bob.set("ucpa", "membership", .integer(5000))
        try carol.set("ucpa", "membership", .integer(7000))
        try carol.pull(from: bob)
        try carol.set("ucpa", "membership", .integer(5000), source: "agreed")
        let held = try alice.store.versionVector()
        let ops = try bob.operations(since: held) + carol.operations(since: held).filter { $0.dot.replica == carol.id }
        let known = try alice.replicaInfos() + bob.replicaInfos() + carol.replicaInfos()
        return (alice, ops, known)
    }

    @Test(arguments: [1, 2, 3, 1 << 17], [false, true])
    func conflictMadeAndSettledInOneImport_countsAsNeither(batchSize: Int, onFile: Bool) throws {
        let (alice, ops, known) = try conflictMadeAndSettled(onFile: onFile)
        #expect(ops.count == 3)
        let summary = try alice.integrate(ops, from: known, batchSize: batchSize)
        #expect(summary.operationsAdded == 3 && summary.duplicates == 0)
        #expect(summary.newConflicts == 0 && summary.settledConflicts == 0)
        let record = try alice.record("ucpa")
        #expect(record.fields["membership"] == .integer(5000) && record.conflicts.isEmpty)
        #expect(try alice.store.conflictCount() == 0)
        #expect(try alice.dump() == modelDump(try alice.operations()))
    }

    @Test(arguments: [1, 2, 1 << 17], [false, true])
    func duplicatesInOneImport_areStoredOnce(batchSize: Int, onFile: Bool) throws {
        let (alice, ops, known) = try conflictMadeAndSettled(onFile: onFile)
        let summary = try alice.integrate(ops + ops.reversed(), from: known, batchSize: batchSize)
        #expect(summary.operationsAdded == 3 && summary.duplicates == 3)
        #expect(try alice.store.versionVector().operationCount == 4)
    }

    /// A forged op whose pred names a value of another record, merged in the same
    /// batch as that value: the other record's conflict must be settled all the same.
    @Test(arguments: [1, 1 << 17], [false, true])
    func predNamingAnotherRecordsValue_inTheSameBatch_settlesItsConflict(batchSize: Int, onFile: Bool) throws {
        let alice = try TestReplica("alice", onFile: onFile), bob = try TestReplica("bob")
        try alice.set("q", "membership", .integer(1))
        try bob.set("q", "membership", .integer(2))
        let bobsValue = try #require(try bob.operations().first)
        let mallory = ReplicaInfo(id: ReplicaID("ffffffffffffffffffffffffffffffff")!, editor: "mallory")
        let forged = FactOperation(dot: Dot(replica: mallory.id, counter: 1), party: "p", field: "leader", kind: .set,
                                   value: .text("X"), pred: [bobsValue.dot], time: 1)
        let known = try alice.replicaInfos() + bob.replicaInfos() + [mallory]
        let summary = try alice.integrate([bobsValue, forged], from: known, batchSize: batchSize)
        #expect(summary.newConflicts == 0)
        #expect(try alice.record("q").fields["membership"] == .integer(1))
        #expect(try alice.store.conflictCount() == 0)
        #expect(try alice.dump() == modelDump(try alice.operations()))
    }

    /// A forged op whose pred names a stored value of a record that comes later in the batch: on a
    /// file, that record's heads were read ahead before the batch and still list the value it retired.
    @Test(arguments: [false, true])
    func predNamingAStoredValueOfALaterRecord_isSeenByThatRecordsMerge(onFile: Bool) throws {
        let alice = try TestReplica("alice", onFile: onFile), bob = try TestReplica("bob")
        try alice.set("a", "leader", .text("A"))
        try alice.set("b", "membership", .integer(1))
        try bob.set("b", "membership", .integer(2))
        let alicesLeader = try #require(try alice.operations().first { $0.party == "a" })
        let alicesValue = try #require(try alice.operations().first { $0.party == "b" })
        let bobsValue = try #require(try bob.operations().first)
        // Mallory's op on "a" (merged first: its record is older) retires Alice's value of "b";
        // Bob's concurrent value of "b" is then its only one, and no conflict.
        let mallory = ReplicaInfo(id: ReplicaID("ffffffffffffffffffffffffffffffff")!, editor: "mallory")
        let forged = FactOperation(dot: Dot(replica: mallory.id, counter: 1), party: "a", field: "leader", kind: .set,
                                   value: .text("X"), pred: [alicesLeader.dot, alicesValue.dot], time: 1)
        let known = try alice.replicaInfos() + bob.replicaInfos() + [mallory]
        let summary = try alice.integrate([bobsValue, forged], from: known)
        #expect(summary.newConflicts == 0 && summary.settledConflicts == 0)
        #expect(try alice.record("a").fields["leader"] == .text("X"))
        #expect(try alice.record("b").fields["membership"] == .integer(2))
        #expect(try alice.store.conflictCount() == 0)
        #expect(try alice.dump() == modelDump(try alice.operations()))
    }

    /// An import that looks up more than 1,024 of the store's parties reads them all in one scan;
    /// parties the import makes in one batch are found again in the next.
    @Test(arguments: [1 << 10, 1 << 17], [false, true])
    func importTouchingMostParties_mergesAsTheReferenceDoes(batchSize: Int, onFile: Bool) throws {
        let alice = try TestReplica("alice", onFile: onFile), bob = try TestReplica("bob")
        let parties = (0..<2_600).map { "p\($0)" }
        try alice.store.applyEdits(time: alice.time) { w in
            for p in parties { try w.apply(Edit(party: p, field: "name", action: .set(.text("Party \(p)")))) }
        }
        try bob.pull(from: alice)
        try alice.store.applyEdits(time: alice.time) { w in
            for (i, p) in parties.enumerated() where i % 7 == 0 { try w.apply(Edit(party: p, field: "membership", action: .set(.integer(7000)))) }
            for (i, p) in parties.enumerated() where i % 11 == 0 { try w.apply(Edit(party: p, action: .delete)) }
        }
        try bob.store.applyEdits(time: bob.time) { w in
            for (i, p) in parties.enumerated() { try w.apply(Edit(party: p, field: "membership", action: .set(.integer(Int64(i % 3))))) }
            for (i, p) in parties.enumerated() where i % 10 == 0 { try w.apply(Edit(party: p, action: .delete)) }
            for i in 0..<300 { try w.apply(Edit(party: "new\(i)", field: "name", action: .set(.text("New \(i)")))) }
        }
        // Bob's later edits of his new parties land in other batches than the parties themselves.
        try bob.store.applyEdits(time: bob.time) { w in
            for i in 0..<300 { try w.apply(Edit(party: "new\(i)", field: "leader", action: .set(.text("Leader \(i)")))) }
        }
        let ops = try bob.operations(since: try alice.store.versionVector())
        let summary = try alice.integrate(ops, from: try bob.replicaInfos(), batchSize: batchSize)
        #expect(summary.operationsAdded == ops.count && summary.newConflicts == 372)
        #expect(try alice.dump() == modelDump(try alice.operations()))
        try bob.pull(from: alice)
        #expect(try bob.dump() == alice.dump())
        #expect(try alice.store.recordCounts() == (total: 2_900, deleted: 260 + 237 - 24))
    }
}
