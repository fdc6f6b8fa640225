import CaucusModel
import CaucusTestSupport
import PropertyBased
import Testing

/// The laws stated on ``Merge``, each on its own, on the operations of random editor scripts
/// (``EditorSimulation``) split at random into logs.
@Suite struct MergeLawTests {
    /// The script's operations, dealt into `parts` logs by `deal` (each operation to one log, by its index).
    static func logs(_ steps: [EditorSimulation.Step], _ deal: [Int], parts: Int) -> [OperationLog] {
        var logs = Array(repeating: OperationLog(), count: parts)
        for (i, op) in EditorSimulation.run(steps).made.enumerated() {
            logs[deal.isEmpty ? 0 : abs(deal[i % deal.count]) % parts].insert(op)
        }
        return logs
    }

    static func state(_ log: OperationLog) -> [String] { Merge.records(log, schema: .standard).map(\.dumpLine) }

    static let deals = Gen.int(in: 0...5).array(of: 1...20)

    @Test func merge_isCommutative() async {
        await propertyCheck(input: EditorSimulation.scripts(), Self.deals) { steps, deal in
            let l = Self.logs(steps, deal, parts: 2)
            #expect(Self.state(l[0].merging(l[1])) == Self.state(l[1].merging(l[0])))
            #expect(l[0].merging(l[1]) == l[1].merging(l[0]))
        }
    }

    @Test func merge_isAssociative() async {
        await propertyCheck(input: EditorSimulation.scripts(), Self.deals) { steps, deal in
            let l = Self.logs(steps, deal, parts: 3)
            #expect(Self.state(l[0].merging(l[1]).merging(l[2])) == Self.state(l[0].merging(l[1].merging(l[2]))))
        }
    }

    @Test func merge_isIdempotent() async {
        await propertyCheck(input: EditorSimulation.scripts(), Self.deals) { steps, deal in
            let l = Self.logs(steps, deal, parts: 2)
            let a = l[0].merging(l[1])
            #expect(a.merging(a) == a)
            #expect(Self.state(a.merging(a)) == Self.state(a))
        }
    }

    @Test func insertingOneByOne_inAnyOrderWithRepeats_givesTheSameState() async {
        await propertyCheck(input: EditorSimulation.scripts(), Gen.int(in: 0...Int.max).array(of: 0...80)) { steps, keys in
            let made = EditorSimulation.run(steps).made
            guard !made.isEmpty else { return }
            // The operations with some repeated, in the order of random keys.
            let repeated = made + keys.prefix(made.count).map { made[$0 % made.count] }
            let order = repeated.indices.sorted { (keys.isEmpty ? $0 : keys[$0 % keys.count] ^ $0, $0) < (keys.isEmpty ? $1 : keys[$1 % keys.count] ^ $1, $1) }
            var log = OperationLog()
            for i in order { log.insert(repeated[i]) }
            #expect(Self.state(log) == Self.state(OperationLog(made)))
        }
    }
}
