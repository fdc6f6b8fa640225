import CaucusModel
import CaucusTestSupport
import PropertyBased
import Testing

/// The law stated on ``Revert``, on random editor scripts: the operations made from a random
/// point on are undone, as an import is.
@Suite struct RevertLawTests {
    static let reverter = ReplicaID("e" + String(repeating: "0", count: 31))!

    /// `log` with the edits that undo `undone` made into operations of a new replica.
    static func reverting(_ undone: Set<Dot>, in log: OperationLog) -> OperationLog {
        var result = log
        var counter: Int64 = 0
        var byParty: [String: [FactOperation]] = [:]
        for op in log.operations.values { byParty[op.party, default: []].append(op) }
        for party in byParty.keys.sorted() {
            for edit in Revert.edits(undoing: undone, party: party, operations: byParty[party]!) {
                counter += 1
                var context: VersionVector?
                if edit.kind == .delete {
                    context = edit.context ?? result.versionVector
                }
                var op = FactOperation(dot: Dot(replica: reverter, counter: counter), party: party, field: edit.field, kind: edit.kind,
                                       value: edit.value, pred: edit.pred, context: context, time: 0)
                op.qualifiers = edit.qualifiers
                result.insert(op)
            }
        }
        return result
    }

    @Test func revertingOperationsNothingElseNamed_showsTheRecordsAsTheyWereBefore_andDeletesTheOnesTheyMade() async {
        await propertyCheck(count: 300, input: EditorSimulation.scripts(), Gen.int(in: 0...100)) { steps, cut in
            let made = EditorSimulation.run(steps).made
            guard !made.isEmpty else { return }
            // An operation is made after those it names, so no operation before the cut names one after it.
            let k = cut * made.count / 100
            // The dataset record's operations stay (releases, field definitions), as git's tags do.
            let before = OperationLog(Array(made[..<k]) + made[k...].filter { $0.party == DatasetRecord.id }), undone = Set(made[k...].map(\.dot))
            let after = Self.reverting(undone, in: OperationLog(made))
            let was = Dictionary(uniqueKeysWithValues: Merge.records(before, schema: .standard).map { ($0.id, $0.dumpLine) })
            for record in Merge.records(after, schema: .standard) {
                if let line = was[record.id] {
                    #expect(record.dumpLine == line)
                } else {
                    #expect(record.deleted, "\(record.id) was made by the undone operations")
                }
            }
        }
    }

    @Test func aValueChangedSinceBySomeoneElse_standsBesideTheValueTheRevertBringsBack() {
        let alice = MergeRuleTests.alice, bob = MergeRuleTests.bob, dave = MergeRuleTests.dave
        let a = MergeRuleTests.op(alice, 1, .set, "membership", .integer(7000))
        let b = MergeRuleTests.op(bob, 1, .set, "membership", .integer(5000), pred: [a.dot])
        let d = MergeRuleTests.op(dave, 1, .set, "membership", .integer(6000), pred: [b.dot])
        let after = Self.reverting([b.dot], in: OperationLog([a, b, d]))
        #expect(Merge.records(after, schema: .standard)[0].conflicts["membership"] == [.integer(6000), .integer(7000)])
    }
}
