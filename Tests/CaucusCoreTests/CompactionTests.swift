@testable import CaucusCore
import CaucusTestSupport
import PropertyBased
import Testing

/// `compact`: a replica that dropped the values of operations superseded before a version keeps
/// converging with one that did not, on every later operation, and refuses what would need them.
@Suite struct CompactionTests {
    @Test func aCompactedReplicaAndAFullOne_convergeOnEveryLaterOperation() async {
        await propertyCheck(count: 120, input: EditorSimulation.scripts(), Gen.int(in: 0...100), Gen.int(in: 1...9)) { steps, cut, chunk in
            recordingErrors {
                let simulation = EditorSimulation.run(steps)
                let made = simulation.made
                guard !made.isEmpty else { return }
                let k = cut * made.count / 100
                let authors = simulation.replicas.enumerated().map { ReplicaInfo(id: $0.element, editor: "editor\($0.offset)") }
                let compacted = try TestReplica("compacted"), full = try TestReplica("full")
                for r in [compacted, full] { try r.integrate(Array(made[..<k]), from: authors) }
                try compacted.store.compact(before: OperationLog(made[..<k]).versionVector, named: "r")
                #expect(try compacted.dump() == full.dump())
                var start = k
                while start < made.count {
                    let end = min(made.count, start + chunk)
                    for r in [compacted, full] { try r.integrate(Array(made[start..<end]), from: authors) }
                    #expect(try compacted.dump() == full.dump())
                    start = end
                }
            }
        }
    }

    @Test func compacting_dropsTheValuesOfSupersededOperations_andShrinksTheFile() throws {
        let alice = try TestReplica("alice"), bob = try TestReplica("bob", onFile: true)
        for i in 0..<400 { try alice.set("p\(i % 20)", "description", .text(String(repeating: "a long description \(i) ", count: 20))) }
        try bob.pull(from: alice)
        let head = try bob.dump()
        let report = try bob.store.compact(before: try bob.store.versionVector(), named: "2025.1")
        #expect(report.operations == 380)
        #expect(report.bytesAfter < report.bytesBefore)
        #expect(try bob.dump() == head)
        let history = try #require(try bob.store.history(party: "p0", field: "description"))
        #expect(history.count == 20 && history.filter { $0.value == nil }.count == 19 && history.last?.value != nil)
    }

    @Test func thisReplicasOwnOperationsNotYetSigned_keepTheirValues() throws {
        let alice = try TestReplica("alice")
        try alice.set("ucpa", "membership", .integer(7000))
        try alice.set("ucpa", "membership", .integer(6500))
        #expect(try alice.store.compact(before: try alice.store.versionVector(), named: "2025.1").operations == 0)
        #expect(try alice.store.history(party: "ucpa")?.allSatisfy { $0.value != nil } == true)
    }

    @Test func afterCompaction_olderReadsRevertsAndExportsToPeersBehind_areRefused() throws {
        let writer = try TestReplica("writer"), alice = try TestReplica("alice")
        try writer.set("ucpa", "membership", .integer(7000))
        let early = try writer.store.versionVector()
        try writer.set("ucpa", "membership", .integer(6500))
        let horizon = try writer.store.versionVector()
        try writer.set("ucpa", "membership", .integer(6000))
        try alice.pull(from: writer)
        #expect(try alice.store.compact(before: horizon, named: "2025.1").operations == 1)
        #expect(throws: StoreError.beforeHorizon(what: "the version", release: "2025.1")) {
            try alice.store.records(at: early, describedAs: "the version") { _ in }
        }
        var atHorizon: [RecordState] = []
        try alice.store.records(at: horizon, describedAs: "the version") { atHorizon.append($0) }
        #expect(atHorizon.first?.fields["membership"] == .integer(6500))
        #expect(throws: StoreError.beforeHorizon(what: "a revert of the changeset", release: "2025.1")) {
            try alice.store.revert(early, describedAs: "the changeset", time: 1, dryRun: true)
        }
        #expect(throws: StoreError.exportBehindHorizon(release: "2025.1")) { try alice.operations(since: early) }
        #expect(throws: StoreError.exportBehindHorizon(release: "2025.1")) { try alice.operations() }
        #expect(try alice.operations(since: horizon).count == 1)
    }
}
