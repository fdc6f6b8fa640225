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

    @Test func aRecordAtAVersion_isComputedFromItsOwnOperations_underTheSchemaInForceThere() async {
        await propertyCheck(input: EditorSimulation.scripts(), MergeLawTests.deals) { steps, deal in
            let l = MergeLawTests.logs(steps, deal, parts: 2)
            let all = l[0].merging(l[1]), at = l[0].versionVector
            var byParty: [String: [FactOperation]] = [:]
            for op in all.operations.values where !DatasetRecord.isReserved(op.party) { byParty[op.party, default: []].append(op) }
            // ...with the team's fields as the dataset record defines them there (rule 9).
            let dataset = all.operations.values.filter { $0.party == DatasetRecord.id && at.contains($0.dot) }
            let named = Set(dataset.flatMap(\.pred))
            let schema = PartySchema.standard.inForce(definitions: PartySchema.definitions(in: dataset.filter { !named.contains($0.dot) }))
            let each = byParty.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.compactMap {
                Merge.record($0, operations: byParty[$0]!, at: at, schema: schema)
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
