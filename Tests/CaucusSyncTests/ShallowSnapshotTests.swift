import CaucusCore
@testable import CaucusSync
import CaucusTestSupport
import PropertyBased
import Testing

/// A replica started from a shallow snapshot (``ChangesetWriter/exportShallow(from:at:including:describedAs:to:time:)``)
/// shows what its source showed at the snapshot's version, and then merges every later operation
/// as a replica holding the whole history does.
@Suite struct ShallowSnapshotTests {
    let folder = ScratchFolder("caucus-shallow")

    static func integrate(_ ops: [FactOperation], into store: PartyStore, authors: [ReplicaInfo]) throws {
        try store.integrate(replicas: authors, sender: nil, time: 1) { integrator in for op in ops { try integrator.integrate(op) } }
    }

    @Test func aReplicaStartedShallow_showsTheStateAtItsVersion_andConvergesWithAFullOneOnEveryLaterOperation() async {
        await propertyCheck(count: 60, input: EditorSimulation.scripts(), Gen.int(in: 1...100), Gen.int(in: 1...9)) { steps, cut, chunk in
            recordingErrors {
                let simulation = EditorSimulation.run(steps)
                let made = simulation.made
                guard !made.isEmpty else { return }
                let k = max(1, cut * made.count / 100)
                let authors = simulation.replicas.enumerated().map { ReplicaInfo(id: $0.element, editor: "editor\($0.offset)") }
                // The simulation's values fit no field's check: a schema of no fields takes them all, as unknown fields.
                let open = PartySchema(version: PartySchema.standard.version, idHelp: "", fields: [])
                let full = try Replica.make("full", schema: open), shallow = try Replica.make("shallow", schema: open)
                try Self.integrate(Array(made[..<k]), into: full, authors: authors)
                let at = OperationLog(made[..<k]).versionVector
                let path = folder.file("snapshot-\(k).caucus-changes")
                try ChangesetWriter.exportShallow(from: full, at: at, including: VersionVector(), describedAs: "the version", to: path, time: 2)
                try Replica.import(path, into: shallow)
                #expect(try Replica.dump(shallow) == Replica.dump(full))
                #expect(try shallow.versionVector() == full.versionVector())
                // What it left out never comes in again, and changes nothing: some of it, without
                // what superseded it, would otherwise be heads.
                try Self.integrate(made[..<k].enumerated().filter { $0.offset % 2 == 0 }.map(\.element), into: shallow, authors: authors)
                #expect(try Replica.dump(shallow) == Replica.dump(full))
                var start = k
                while start < made.count {
                    let end = min(made.count, start + chunk)
                    for r in [full, shallow] { try Self.integrate(Array(made[start..<end]), into: r, authors: authors) }
                    #expect(try Replica.dump(shallow) == Replica.dump(full))
                    start = end
                }
            }
        }
    }

    @Test func aSnapshot_isRefusedByAReplicaThatHoldsOperations_andLeavesItAsItWas() throws {
        let alice = try Replica.make("alice"), bob = try Replica.make("bob")
        try Replica.edit(alice, [#"{"op":"set","party":"ucpa","field":"membership","value":7000}"#])
        try Replica.edit(bob, [#"{"op":"set","party":"azp","field":"name","value":"AZP"}"#])
        let path = folder.file("snapshot.caucus-changes")
        try ChangesetWriter.exportShallow(from: alice, at: try alice.versionVector(), including: VersionVector(), describedAs: "now", to: path, time: 2)
        #expect(try ChangesetReader(path: path).header.shallow)
        let before = try Replica.snapshot(bob)
        #expect(throws: StoreError.shallowIntoHeld(operations: 1)) { try Replica.import(path, into: bob) }
        #expect(try Replica.snapshot(bob) == before)
    }
}
