@testable import CaucusCore
import CaucusTestSupport
import PropertyBased
import Testing

/// A revert in the store writes what the pure rule (``Revert``) says, and the store then shows
/// what the pure merge computes from everything it holds: the records as they were before the
/// undone operations arrived, and the records only they made deleted.
@Suite struct RevertStoreTests {
    @Test func revertingAnImport_leavesTheRecordsAsTheyWere_asThePureMergeComputes() async {
        await propertyCheck(count: 150, input: EditorSimulation.scripts(), Gen.int(in: 0...100)) { steps, cut in
            recordingErrors {
                let simulation = EditorSimulation.run(steps)
                let made = simulation.made
                guard !made.isEmpty else { return }
                let k = cut * made.count / 100
                let store = try TestReplica("receiver")
                let authors = simulation.replicas.enumerated().map { ReplicaInfo(id: $0.element, editor: "editor\($0.offset)") }
                try store.integrate(Array(made[..<k]), from: authors)
                // A revert keeps the dataset record's facts (releases, field definitions), as git
                // keeps tags: the records are as they were, read under the definitions held now.
                let datasetNow = made[k...].filter { $0.party == DatasetRecord.id }
                let before = Dictionary(uniqueKeysWithValues: Merge.records(OperationLog(Array(made[..<k]) + datasetNow), schema: .standard)
                    .map { ($0.id, $0.dumpLine) })
                try store.integrate(Array(made[k...]), from: authors)
                let undone = OperationLog(made[k...]).versionVector
                let dry = try store.store.revert(undone, describedAs: "the import", time: 1_700_000_000, dryRun: true)
                #expect(try store.store.versionVector() == OperationLog(made).versionVector)
                let report = try store.store.revert(undone, describedAs: "the import", time: 1_700_000_000, dryRun: false)
                #expect(report == dry)
                #expect(try store.dump() == modelDump(try store.operations()))
                var shown: [RecordState] = []
                try store.store.records { shown.append($0) }
                for record in shown {
                    if let line = before[record.id] { #expect(record.dumpLine == line) } else { #expect(record.deleted) }
                }
            }
        }
    }

    @Test func aRevertOfOperationsNotHeld_isRefused_andWritesNothing() throws {
        let alice = try TestReplica("alice"), bob = try TestReplica("bob")
        try alice.set("ucpa", "membership", .integer(7000))
        let vv = try bob.store.versionVector()
        #expect(throws: StoreError.self) {
            try bob.store.revert(try alice.store.versionVector(), describedAs: "the changeset", time: 1, dryRun: false)
        }
        #expect(try bob.store.versionVector() == vv)
    }
}
