@testable import CaucusCore
import CaucusTestSupport
import PropertyBased
import Testing

/// Reading the store at a version is an optimisation of merge rule 8: for random operations and
/// a random version among them, ``PartyStore/records(at:describedAs:includeDeleted:_:)`` shows
/// what ``Merge/records(_:at:schema:)`` computes, and ``PartyStore/diff(from:named:to:named:)``
/// what ``RecordDiff`` says of the model's two states.
@Suite struct StoreAtVersionTests {
    /// The script's operations in a store, and a version: the dots `pick` keeps (by index, cyclically).
    static func setUp(_ steps: [EditorSimulation.Step], _ pick: [Int]) throws -> (TestReplica, OperationLog, VersionVector)? {
        let simulation = EditorSimulation.run(steps)
        guard !simulation.made.isEmpty, !pick.isEmpty else { return nil }
        let store = try TestReplica("receiver")
        let authors = simulation.replicas.enumerated().map { ReplicaInfo(id: $0.element, editor: "editor\($0.offset)") }
        try store.integrate(simulation.made, from: authors)
        let log = OperationLog(simulation.made)
        let kept = simulation.made.indices.filter { (pick[$0 % pick.count] &+ $0) % 3 != 0 }.map { simulation.made[$0] }
        return (store, log, OperationLog(kept).versionVector)
    }

    @Test func theStoreAtAVersion_showsWhatThePureMergeComputesThere() async {
        await propertyCheck(count: 150, input: EditorSimulation.scripts(), Gen.int(in: 0...1000).array(of: 1...12)) { steps, pick in
            recordingErrors {
                guard let (store, log, at) = try Self.setUp(steps, pick) else { return }
                var shown: [RecordState] = []
                try store.store.records(at: at, describedAs: "the version") { shown.append($0) }
                #expect(shown == Merge.records(log, at: at, schema: .standard))
                for record in shown {
                    let detail = try store.store.recordDetail(record.id, at: at, describedAs: "the version")
                    #expect(detail?.state == record)
                }
            }
        }
    }

    @Test func theDiffOfTwoVersions_isTheDiffOfThePureMergesStates() async {
        await propertyCheck(count: 150, input: EditorSimulation.scripts(), Gen.int(in: 0...1000).array(of: 1...12)) { steps, pick in
            recordingErrors {
                guard let (store, log, at) = try Self.setUp(steps, pick) else { return }
                let before = Dictionary(uniqueKeysWithValues: Merge.records(log, at: at, schema: .standard).map { ($0.id, $0) })
                let after = Dictionary(uniqueKeysWithValues: Merge.records(log, schema: .standard).map { ($0.id, $0) })
                let expected = Set(before.keys).union(after.keys).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                    .compactMap { RecordDiff(before: before[$0], after: after[$0]) }
                var forward = try store.store.diff(from: at, named: "a", to: nil, named: "now")
                for i in forward.indices {
                    forward[i].editors = []
                    for j in forward[i].fields.indices { forward[i].fields[j].editors = [] }
                }
                #expect(forward == expected)
                let backward = try store.store.diff(from: log.versionVector, named: "now", to: at, named: "a")
                #expect(backward.map(\.id) == expected.map(\.id))
            }
        }
    }

    @Test func aVersionWithOperationsTheReplicaLacks_isRefused_namingWhatItLacks() throws {
        let alice = try TestReplica("alice"), bob = try TestReplica("bob")
        try alice.set("ucpa", "membership", .integer(7000))
        try alice.set("ucpa", "founded", .integer(1993))
        try bob.integrate(try alice.operations().filter { $0.field == "membership" }, from: try alice.replicaInfos())
        let want = try alice.store.versionVector()
        #expect(throws: StoreError.versionNotHeld(what: "release 2025.1", missing: [
            StoreError.MissingOperations(replica: alice.store.localReplica.id, editor: "alice", counters: CounterSet(ranges: [2...2])),
        ])) {
            try bob.store.records(at: want, describedAs: "release 2025.1") { _ in Issue.record("a record was read") }
        }
    }

    @Test func aDiffOfAVersionWithItself_isEmpty_andOnlyTheChangedRecordAppearsAgainstNow() throws {
        let alice = try TestReplica("alice")
        try alice.set("ucpa", "membership", .integer(7000))
        try alice.set("azp", "name", .text("Azerbaijan Communist Party"))
        let at = try alice.store.versionVector()
        try alice.set("ucpa", "membership", .integer(6500), source: "party congress")
        #expect(try alice.store.diff(from: at, named: "a", to: at, named: "a").isEmpty)
        let diffs = try alice.store.diff(from: at, named: "a", to: nil, named: "now")
        #expect(diffs.map(\.id) == ["ucpa"])
        #expect(diffs[0].change == .changed && diffs[0].editors == ["alice"])
        #expect(diffs[0].fields.map(\.name) == ["membership"] && diffs[0].fields[0].editors == ["alice"])
        #expect(diffs[0].fields[0].before.json == "7000" && diffs[0].fields[0].after.json == "6500")
    }
}
