import CaucusModel
import CaucusTestSupport
import PropertyBased
import Testing

/// The laws of merge rule 8 (``Merge/records(_:at:schema:)``), each on its own, on the
/// operations of random editor scripts dealt at random into logs.
@Suite struct VersionLawTests {
    static func state(_ records: [RecordState]) -> [String] { records.map(\.dumpLine) }

    @Test func theStateAtALogsOwnVersion_isItsState() async {
        await propertyCheck(input: EditorSimulation.scripts(), MergeLawTests.deals) { steps, deal in
            let log = MergeLawTests.logs(steps, deal, parts: 1)[0]
            #expect(Self.state(Merge.records(log, at: log.versionVector, schema: .standard)) == MergeLawTests.state(log))
        }
    }

    @Test func operationsThatArriveLater_neverChangeTheStateAtAnEarlierVersion() async {
        await propertyCheck(input: EditorSimulation.scripts(), MergeLawTests.deals) { steps, deal in
            let l = MergeLawTests.logs(steps, deal, parts: 2)
            let later = l[0].merging(l[1])
            #expect(Self.state(Merge.records(later, at: l[0].versionVector, schema: .standard)) == MergeLawTests.state(l[0]))
        }
    }

    @Test func aRecordAtAVersion_isComputedFromItsOwnOperations() async {
        await propertyCheck(input: EditorSimulation.scripts(), MergeLawTests.deals) { steps, deal in
            let l = MergeLawTests.logs(steps, deal, parts: 2)
            let all = l[0].merging(l[1]), at = l[0].versionVector
            var byParty: [String: [FactOperation]] = [:]
            for op in all.operations.values { byParty[op.party, default: []].append(op) }
            let each = byParty.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.compactMap {
                Merge.record($0, operations: byParty[$0]!, at: at, schema: .standard)
            }
            #expect(each == Merge.records(all, at: at, schema: .standard))
        }
    }

    @Test func nothingIsHeldAtTheEmptyVersion() async {
        await propertyCheck(input: EditorSimulation.scripts()) { steps in
            let log = OperationLog(EditorSimulation.run(steps).made)
            #expect(Merge.records(log, at: VersionVector(), schema: .standard).isEmpty)
        }
    }
}
