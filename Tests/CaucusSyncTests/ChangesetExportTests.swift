import CaucusCore
import CaucusTestSupport
@testable import CaucusSync
import Foundation
import GRDB
import Testing

/// An export writes exactly the operations the store holds and the peer lacks: whatever
/// went into the store comes out of the changeset, field for field.
@Suite struct ChangesetExportTests {
    let folder = ScratchFolder("caucus-export")

    /// Three replicas whose ids sort in another order than the store learns them.
    static let replicas = [
        ReplicaInfo(id: ReplicaID("f00000000000000000000000000000ff")!, editor: "carol"),
        ReplicaInfo(id: ReplicaID("0000000000000000000000000000a11c")!, editor: "alice"),
        ReplicaInfo(id: ReplicaID("8000000000000000000000000000000b")!, editor: "bob"),
    ]

    /// Well-formed operations of ``replicas`` on `parties` parties: every kind, value type,
    /// provenance, preds across replicas, delete contexts, unknown fields, gaps in the counters.
    static func randomOperations(count: Int, parties: Int, seed: UInt64) -> [FactOperation] {
        var rng = SplitMix(seed: seed)
        func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
        func chance(_ percent: UInt64) -> Bool { rng.next() % 100 < percent }
        var counters = [Int64](repeating: 0, count: replicas.count)
        var made: [Dot] = []
        var ops: [FactOperation] = []
        for _ in 0..<count {
            let r = Int(rng.next() % UInt64(replicas.count))
            counters[r] += chance(10) ? 2 : 1
            let dot = Dot(replica: replicas[r].id, counter: counters[r])
            let party = chance(5) ? "p-" + String(repeating: "x", count: 60) + "\(rng.next() % 3)" : "p-\(rng.next() % UInt64(parties))"
            let pred = (0..<Int(rng.next() % 3)).compactMap { _ in made.isEmpty ? nil : pick(made) }
            let time = 1_700_000_000 + Int64(rng.next() % 1_000_000) - 500_000
            let source: String? = chance(20) ? pick(["party's own figure", "press", "Wahlkommission — Bericht"]) : nil
            let asOf: String? = chance(20) ? pick(["2005", "2005-03", "2005-03-09"]) : nil
            let op: FactOperation
            switch rng.next() % 10 {
            case 0:
                var context = VersionVector()
                for (i, replica) in replicas.enumerated() where counters[i] > 0 && !chance(30) {
                    context[replica.id] = CounterSet(ranges: [1...max(1, counters[i] / 2), (counters[i] / 2 + 2)...(counters[i] + 1)])
                }
                op = FactOperation(dot: dot, party: party, field: "", kind: .delete, pred: pred, context: context, time: time, source: source)
            case 1:
                op = FactOperation(dot: dot, party: party, field: "", kind: .restore, pred: pred, time: time)
            case 2:
                op = FactOperation(dot: dot, party: party, field: "ideology", kind: pick([.add, .remove]),
                                   value: .text(pick(["Communism", "Agrarianism", "Populism", "民主主义"])), pred: pred, time: time)
            case 3:
                op = FactOperation(dot: dot, party: party, field: pick(["ideology", "name", "membership"]), kind: .clear, pred: pred, time: time)
            case 4:
                op = FactOperation(dot: dot, party: party, field: "membership", kind: .set, value: .integer(Int64(rng.next() % 100_000)),
                                   pred: pred, time: time, source: source, asOf: asOf)
            case 5:
                op = FactOperation(dot: dot, party: party, field: "vote_share", kind: .set, value: .real(Double(rng.next() % 1000) / 10),
                                   pred: pred, time: time, source: source, asOf: asOf)
            case 6:
                // A field of a newer schema: any value type.
                op = FactOperation(dot: dot, party: party, field: "x_motto", kind: .set,
                                   value: pick([.text("Workers of the world"), .integer(-7), .real(2.5)]), pred: pred, time: time)
            default:
                op = FactOperation(dot: dot, party: party, field: pick(["name", "description", "leader"]), kind: .set,
                                   value: .text(pick(["Birləşmiş Azərbaycan Kommunist Partiyası", "Kommunist", "日本共産党", "a\"quoted\\ name"])),
                                   pred: pred, time: time, source: source, asOf: asOf)
            }
            made.append(dot)
            ops.append(op)
        }
        return ops
    }

    /// A store holding `ops` (learning the replicas in ``replicas`` order).
    func store(holding ops: [FactOperation]) throws -> PartyStore {
        let store = try PartyStore(writer: DatabaseQueue(), editor: "exporter", checkingInvariants: true)
        try store.integrate(replicas: Self.replicas, sender: nil, time: 1) { i in for op in ops { try i.integrate(op) } }
        return store
    }

    /// What a changeset file carries.
    func decoded(_ path: String) throws -> [FactOperation] {
        var ops: [FactOperation] = []
        try ChangesetReader(path: path).forEachOperation { ops.append($0) }
        return ops
    }

    /// `ops` in the order a changeset lists them: by replica id, then counter.
    func sorted(_ ops: [FactOperation]) -> [FactOperation] { ops.sorted { $0.dot < $1.dot } }

    @Test func export_writesEveryStoredOperation_fieldForField() throws {
        // Given 3,000 operations on 400 parties: a full export reads every party's id in one scan.
        let ops = Self.randomOperations(count: 3000, parties: 400, seed: 1)
        let store = try store(holding: ops)

        let report = try ChangesetWriter.export(from: store, since: nil, to: folder.file("full.cs"), time: 2)

        let read = try decoded(folder.file("full.cs"))
        #expect(report.operationCount == ops.count)
        #expect(read.count == ops.count)
        #expect(read == sorted(ops))
        let header = try ChangesetReader(path: folder.file("full.cs")).header
        #expect(header.replicas.map(\.id) == (Self.replicas.map(\.id) + [store.localReplica.id]).sorted())
        #expect(header.versionVector == (try store.versionVector()))
    }

    @Test func exportSince_writesExactlyWhatThePeerLacks_lookingUpEachParty() throws {
        // Given a peer that lacks five scattered operations of a store with many parties:
        // too few to scan the party table for, so each party's id is looked up.
        let ops = Self.randomOperations(count: 3000, parties: 2500, seed: 2)
        let store = try store(holding: ops)
        let lacking = stride(from: 7, to: ops.count, by: 613).map { ops[$0] }
        var peer = try store.versionVector()
        for op in lacking {
            var held = CounterSet()
            for r in peer[op.dot.replica].subtracting(CounterSet(ranges: [op.dot.counter...op.dot.counter])) { held.formUnion(r) }
            peer[op.dot.replica] = held
        }

        let report = try ChangesetWriter.export(from: store, since: peer, to: folder.file("delta.cs"), time: 2)

        #expect(report.operationCount == lacking.count)
        #expect(try decoded(folder.file("delta.cs")) == sorted(lacking))
    }

    @Test func exportOperations_givesTheOperationsTheChangesetCarries() throws {
        let ops = Self.randomOperations(count: 500, parties: 50, seed: 3)
        let store = try store(holding: ops)
        var streamed: [FactOperation] = []
        var plan: ExportPlan?

        try store.exportOperations(since: nil, begin: { plan = $0 }) { streamed.append($0) }
        _ = try ChangesetWriter.export(from: store, since: nil, to: folder.file("full.cs"), time: 2)

        #expect(streamed == sorted(ops))
        #expect(try decoded(folder.file("full.cs")) == streamed)
        #expect(plan?.operationCount == Int64(ops.count))
        #expect(plan?.replicas.map(\.id) == plan?.replicas.map(\.id).sorted())
    }
}
