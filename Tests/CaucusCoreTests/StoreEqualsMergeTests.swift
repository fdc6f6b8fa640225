@testable import CaucusCore
import CaucusTestSupport
import PropertyBased
import Testing

/// The store is an optimisation of the pure merge: whatever operations reach it, with gaps,
/// repeats and in any order, in any number of transactions and batches, it shows what
/// ``Merge/records(_:schema:)`` computes from them, record by record, and keeps its invariants
/// after every transaction (``TestReplica`` checks them).
@Suite struct StoreEqualsMergeTests {
    /// Delivers part of the script's operations to a new store: `plan` decides, per operation (by
    /// index, cyclically), whether it is left out (a gap), repeated, where it goes in the order, and
    /// after which operations a transaction ends; `batchSize` is the store's batch.
    static func deliver(_ steps: [EditorSimulation.Step], _ plan: [Int], batchSize: Int, onFile: Bool) throws {
        let simulation = EditorSimulation.run(steps)
        let made = simulation.made
        guard !made.isEmpty, !plan.isEmpty else { return }
        func p(_ i: Int) -> Int { plan[i % plan.count] &+ i }
        let held = made.indices.filter { p($0) % 5 != 0 }.map { made[$0] }
        let repeats = held.indices.filter { p($0) % 7 == 0 }.map { held[$0] }
        let arriving = (held + repeats).enumerated().sorted { (p($0.offset * 31), $0.offset) < (p($1.offset * 31), $1.offset) }.map(\.element)

        let store = try TestReplica("receiver", onFile: onFile)
        let authors = simulation.replicas.enumerated().map { ReplicaInfo(id: $0.element, editor: "editor\($0.offset)") }
        var start = 0
        while start < arriving.count {
            let end = min(arriving.count, start + 1 + p(start) % 9)
            try store.integrate(Array(arriving[start..<end]), from: authors, batchSize: batchSize)
            start = end
        }
        let expected = Merge.records(OperationLog(held), schema: .standard)
        var shown: [RecordState] = []
        try store.store.records { shown.append($0) }
        #expect(shown == expected)
        // Rule 10: the records each is one party with.
        let links = Dictionary(uniqueKeysWithValues: expected.map { ($0.id, SameParty.links(of: $0)) })
        for record in expected {
            #expect(try store.store.sameParty(as: record.id) == SameParty.group(of: record.id, links: links))
        }
        #expect(try store.store.versionVector() == OperationLog(held).versionVector)
    }

    @Test func inMemory_theStoreShowsWhatThePureMergeComputes() async {
        await propertyCheck(count: 200, input: EditorSimulation.scripts(), Gen.int(in: 0...1000).array(of: 1...12), Gen.int(in: 1...6)) { steps, plan, batch in
            recordingErrors { try Self.deliver(steps, plan, batchSize: batch, onFile: false) }
        }
    }

    /// On a WAL file the first batch of each transaction reads its facts' heads ahead, on another
    /// thread, and operations' parties are looked up before the merge.
    @Test func onAWALFileWithReadAhead_theStoreShowsWhatThePureMergeComputes() async {
        await propertyCheck(count: 40, input: EditorSimulation.scripts(), Gen.int(in: 0...1000).array(of: 1...12), Gen.int(in: 1...6)) { steps, plan, batch in
            recordingErrors { try Self.deliver(steps, plan, batchSize: batch, onFile: true) }
        }
    }

    /// The case where the m003 rule and m004's disagreed: Alice adds an ideology, Bob removes it,
    /// and Dave, who holds Bob's remove but not Alice's add, deletes the record.
    @Test func aDeleteThatSawTheRemoveButNotTheAdd_isNoDeleteConflict() throws {
        let alice = try TestReplica("alice"), bob = try TestReplica("bob"), dave = try TestReplica("dave")
        try alice.set("ucpa", "name", .text("United Communist Party of Azerbaijan"))
        try alice.add("ucpa", "ideology", "Communism")
        try bob.pull(from: alice)
        try bob.remove("ucpa", "ideology", "Communism")
        let removal = try bob.operations(since: try alice.store.versionVector())
        try dave.integrate(try alice.operations().filter { $0.field == "name" } + removal, from: try bob.replicaInfos())
        try dave.delete("ucpa")
        try alice.pull(from: bob)
        try alice.pull(from: dave)
        let record = try alice.record("ucpa")
        #expect(record.deleted && !record.deleteConflict)
        #expect(try alice.dump() == modelDump(try alice.operations()))
    }

    /// Local claims, retracts and ranks (``EditWriter/apply(_:)``) name in their preds what the
    /// claim rules expect: after each step, each replica shows what ``Merge`` computes from the
    /// operations it holds, and lists in its conflicts exactly the fields the merge says are in conflict.
    @Test func localClaimsRetractsAndRanks_showWhatThePureMergeComputes() throws {
        let alice = try TestReplica("alice"), bob = try TestReplica("bob")
        let seven = FactValue.integer(7000), five = FactValue.integer(5000), gurbanov = FactValue.text("Rauf Gurbanov")
        func expectStoreEqualsModel(_ replica: TestReplica, sourceLocation: SourceLocation = #_sourceLocation) throws {
            var shown: [RecordState] = []
            try replica.store.records { shown.append($0) }
            let log = OperationLog(try replica.operations())
            #expect(shown == Merge.records(log, schema: .standard), sourceLocation: sourceLocation)
            let heads = log.operations.values.filter { log.isHead($0.dot) && !$0.kind.isRecordLevel }
            let inConflict = Dictionary(grouping: heads) { $0.field }.filter { field, heads in
                Merge.isInConflict(heads, isSet: PartySchema.standard.field(field)?.isSet ?? false)
            }.keys.sorted()
            #expect(try replica.store.conflicts().compactMap(\.field) == inConflict, sourceLocation: sourceLocation)
        }

        // Given: Alice's figures, a disputed membership, a leader's span and an ideology.
        try alice.edit(Edit(party: "ucpa", field: "membership", action: .set(seven), source: "party's own figure", asOf: "2005"),
                       Edit(party: "ucpa", field: "membership", action: .claim(five), source: "Justice Ministry", asOf: "2005",
                            note: "registered members only"),
                       Edit(party: "ucpa", field: "leader", action: .claim(gurbanov), source: "party website", start: "1998", end: "2000"),
                       Edit(party: "ucpa", field: "ideology", action: .claim(.text("Communism")), source: "party programme"))
        try expectStoreEqualsModel(alice)
        #expect(try alice.record("ucpa").isDisputed("membership"))
        try bob.pull(from: alice)

        // When: Alice prefers her figure and deprecates the ideology, while Bob corroborates the
        // figure, deprecates it, retracts the leader's span, and prefers the ideology.
        try alice.edit(Edit(party: "ucpa", field: "membership", action: .rank(seven, .preferred), asOf: "2005"),
                       Edit(party: "ucpa", field: "ideology", action: .rank(.text("Communism"), .deprecated)))
        try bob.edit(Edit(party: "ucpa", field: "membership", action: .claim(seven), source: "press estimate", asOf: "2005"),
                     Edit(party: "ucpa", field: "membership", action: .rank(seven, .deprecated), asOf: "2005"),
                     Edit(party: "ucpa", field: "leader", action: .retract(gurbanov), start: "1998", end: "2000"),
                     Edit(party: "ucpa", field: "ideology", action: .rank(.text("Communism"), .preferred)))
        try expectStoreEqualsModel(alice)
        try expectStoreEqualsModel(bob)
        try alice.pull(from: bob)
        try bob.pull(from: alice)

        // Then: both show the merge's records, with rank conflicts on membership and on the set
        // field, until Alice ranks again.
        try expectStoreEqualsModel(alice)
        try expectStoreEqualsModel(bob)
        #expect(try alice.dump() == bob.dump())
        let membership = try alice.record("ucpa").claims["membership"] ?? []
        #expect(membership.first { $0.value == seven }?.ranks == [.deprecated, .preferred])
        #expect(membership.first { $0.value == seven }?.sources == ["party's own figure", "press estimate"])
        #expect(try alice.record("ucpa").claims["leader"] == nil)
        #expect(try alice.store.conflicts().compactMap(\.field) == ["ideology", "membership"])
        try alice.edit(Edit(party: "ucpa", field: "membership", action: .rank(seven, .preferred), asOf: "2005"))
        try expectStoreEqualsModel(alice)
        #expect(try alice.record("ucpa").fields["membership"] == seven)
    }
}
