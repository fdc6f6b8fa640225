import PropertyBased
import CaucusModel

/// Editors working concurrently, simulated without a store: each holds an ``OperationLog`` of its
/// own, writes operations that name what it holds (as a local writer does), and now and then
/// receives part of another editor's log, so that editors see each other late, partly, and out of
/// order. The operations it makes are the inputs of the merge's property tests.
///
/// Every step is plain numbers, so that a failing script shrinks to a short one.
public struct EditorSimulation: Sendable {
    /// One thing an editor does.
    public struct Step: Sendable, CustomStringConvertible {
        /// Which editor (modulo the number of editors).
        public var editor: Int
        /// What it does (modulo ``Action``'s cases).
        public var action: Int
        /// Which party, field, value or peer (each modulo its pool's size).
        public var pick: Int

        /// Creates a step.
        public init(editor: Int, action: Int, pick: Int) {
            self.editor = editor
            self.action = action
            self.pick = pick
        }

        public var description: String { "(\(editor), \(action), \(pick))" }
    }

    /// The kinds of step.
    public enum Action: Int, CaseIterable, Sendable {
        case set, set2, add, remove, clear, delete, restore, receiveAll, receiveOneAuthor
    }

    public static let parties = ["ucpa", "pf-6641"]
    public static let scalarFields = ["membership", "leader"]
    public static let scalarValues: [FactValue] = [.integer(5000), .integer(7000), .text("Sayad Sayadov"), .text("Rauf Gurbanov"), .real(8.3)]
    public static let members: [FactValue] = [.text("Communism"), .text("Marxism-Leninism"), .text("Socialism")]

    /// The editors' replicas.
    public let replicas: [ReplicaID]
    /// What each editor holds.
    public private(set) var logs: [OperationLog]
    /// Every operation any editor made, in the order made.
    public private(set) var made: [FactOperation] = []
    private var counters: [Int64]

    /// `count` editors with fixed replica ids, holding nothing.
    public init(editors count: Int) {
        replicas = (0..<count).map { i in ReplicaID(String(repeating: "0", count: 31) + String(i, radix: 16))! }
        logs = Array(repeating: OperationLog(), count: count)
        counters = Array(repeating: 0, count: count)
    }

    /// Runs `steps` on `editors` editors.
    public static func run(_ steps: [Step], editors: Int = 3) -> EditorSimulation {
        var simulation = EditorSimulation(editors: editors)
        for step in steps { simulation.perform(step) }
        return simulation
    }

    /// Does one step.
    public mutating func perform(_ step: Step) {
        let e = Self.index(step.editor, replicas.count)
        let pick = max(0, step.pick)
        let party = Self.parties[pick % Self.parties.count]
        let action = Action(rawValue: Self.index(step.action, Action.allCases.count))!
        switch action {
        case .set, .set2:
            let field = Self.scalarFields[(pick / 3) % Self.scalarFields.count]
            let value = Self.scalarValues[(pick / 7) % Self.scalarValues.count]
            write(e, party, field, .set, value, pred: live(e, party, field))
        case .add, .remove:
            let value = Self.members[(pick / 3) % Self.members.count]
            let adds = live(e, party, "ideology").filter { logs[e].operations[$0]?.value == value }
            write(e, party, "ideology", action == .add ? .add : .remove, value, pred: adds)
        case .clear:
            let field = Self.scalarFields[(pick / 3) % Self.scalarFields.count]
            write(e, party, field, .clear, nil, pred: live(e, party, field))
        case .delete:
            var context = logs[e].versionVector
            context[replicas[e]].formUnion(CounterSet(upTo: counters[e]))
            write(e, party, "", .delete, nil, pred: live(e, party, ""), context: context)
        case .restore:
            write(e, party, "", .restore, nil, pred: live(e, party, ""))
        case .receiveAll:
            let from = Self.index(pick, replicas.count)
            logs[e] = logs[e].merging(logs[from])
        case .receiveOneAuthor:
            // Only one author's operations: the receiver may then hold an op without the ones it names.
            let from = Self.index(pick, replicas.count), author = replicas[Self.index(pick / 3, replicas.count)]
            for op in logs[from].operations.values where op.dot.replica == author { logs[e].insert(op) }
        }
    }

    /// The heads that a local writer's operation names: the fact's heads that hold a value.
    private func live(_ e: Int, _ party: String, _ field: String) -> [Dot] {
        logs[e].operations.values.filter { op in
            op.party == party && op.field == field && op.kind.isLive && logs[e].isHead(op.dot)
        }.map(\.dot).sorted()
    }

    private mutating func write(_ e: Int, _ party: String, _ field: String, _ kind: OperationKind, _ value: FactValue?,
                                pred: [Dot], context: VersionVector? = nil) {
        counters[e] += 1
        let op = FactOperation(dot: Dot(replica: replicas[e], counter: counters[e]), party: party, field: field, kind: kind,
                               value: value, pred: pred, context: context, time: 1_700_000_000 + Int64(made.count))
        logs[e].insert(op)
        made.append(op)
    }

    private static func index(_ n: Int, _ count: Int) -> Int { ((n % count) + count) % count }
}

extension EditorSimulation {
    /// Scripts of up to `length` steps, shrinking to shorter scripts and smaller numbers.
    public static func scripts(length: ClosedRange<Int> = 0...80) -> Generator<[Step], some Sequence<[(Int, Int, Int)]> & SendableMetatype> {
        zip(Gen.int(in: 0...2), Gen.int(in: 0...(Action.allCases.count - 1)), Gen.int(in: 0...90))
            .map { Step(editor: $0.0, action: $0.1, pick: $0.2) }
            .array(of: length)
    }
}
