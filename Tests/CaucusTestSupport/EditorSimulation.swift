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
        case set, set2, add, remove, clear, delete, restore, receiveAll, receiveOneAuthor, claim, retract, rank, define, tag, link, unlink
    }

    public static let parties = ["ucpa", "pf-6641"]
    public static let scalarFields = ["membership", "leader"]
    public static let scalarValues: [FactValue] = [.integer(5000), .integer(7000), .text("Sayad Sayadov"), .text("Rauf Gurbanov"), .real(8.3)]
    public static let members: [FactValue] = [.text("Communism"), .text("Marxism-Leninism"), .text("Socialism")]
    public static let dates: [ClaimDates] = [ClaimDates(), ClaimDates(asOf: "2005"), ClaimDates(start: "1998", end: "2000")]
    public static let sources: [String?] = [nil, "Justice Ministry", "1998 congress"]
    public static let notes: [String?] = [nil, "according to the ministry"]
    /// The definitions of the team field `tags` that editors write (merge rule 9): single-valued,
    /// a set, and single-valued taking claims, so that two editors often define it differently.
    public static let tagDefinitions = [
        FieldDefinition(name: "tags", type: .text, isSet: false, choices: [], maxLength: 10_000, help: "", takesClaims: false),
        FieldDefinition(name: "tags", type: .text, isSet: true, choices: [], maxLength: 10_000, help: "", takesClaims: false),
        FieldDefinition(name: "tags", type: .text, isSet: false, choices: [], maxLength: 10_000, help: "", takesClaims: true),
    ]

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
            write(e, party, field, .set, value, pred: live(e, party, field), provenance(pick))
        case .add:
            let value = Self.members[(pick / 3) % Self.members.count]
            let op = provenance(pick, value)
            write(e, party, "ideology", .add, value, pred: restatements(e, party, "ideology", op), op)
        case .remove:
            let value = Self.members[(pick / 3) % Self.members.count]
            let claims = live(e, party, "ideology").filter { logs[e].operations[$0]?.value == value }
            write(e, party, "ideology", .remove, value, pred: claims)
        case .claim:
            let (field, value) = claimTarget(pick)
            let op = provenance(pick, value)
            write(e, party, field, .add, value, pred: restatements(e, party, field, op), op)
        case .retract:
            let (field, value) = claimTarget(pick)
            let key = ClaimKey(value: value, dates: Self.dates[(pick / 11) % Self.dates.count])
            write(e, party, field, .remove, value, pred: live(e, party, field).filter { logs[e].operations[$0]?.claimKey == key },
                  FactOperation.provenance(dates: key.dates))
        case .rank:
            let (field, value) = claimTarget(pick)
            let key = ClaimKey(value: value, dates: Self.dates[(pick / 11) % Self.dates.count])
            let ranks = live(e, party, field).filter { logs[e].operations[$0].map { $0.kind == .rank && $0.claimKey == key } ?? false }
            var op = FactOperation.provenance(dates: key.dates)
            op.rank = ClaimRank.allCases[(pick / 13) % ClaimRank.allCases.count]
            write(e, party, field, .rank, value, pred: ranks, op)
        case .clear:
            let field = Self.scalarFields[(pick / 3) % Self.scalarFields.count]
            write(e, party, field, .clear, nil, pred: live(e, party, field))
        case .delete:
            var context = logs[e].versionVector
            context[replicas[e]].formUnion(CounterSet(upTo: counters[e]))
            write(e, party, "", .delete, nil, pred: live(e, party, ""), context: context)
        case .restore:
            write(e, party, "", .restore, nil, pred: live(e, party, ""))
        case .define:
            let definition = Self.tagDefinitions[pick % Self.tagDefinitions.count]
            let field = DatasetRecord.definitionField("tags")
            write(e, DatasetRecord.id, field, .set, definition.definitionValue, pred: live(e, DatasetRecord.id, field))
        case .tag:
            // As the editor's schema has it: a member of a set, or the value of a single-valued field.
            let value = Self.members[(pick / 3) % Self.members.count]
            if schema(e).field("tags")?.isSet ?? false {
                let op = provenance(pick, value)
                write(e, party, "tags", .add, value, pred: restatements(e, party, "tags", op), op)
            } else {
                write(e, party, "tags", .set, value, pred: live(e, party, "tags"))
            }
        case .link, .unlink:
            // As `caucus link A B --same` and `unlink A B` write: each record's same_as, both ways.
            let other = Self.parties[(pick + 1) % Self.parties.count]
            for (from, to) in [(party, other), (other, party)] {
                let member = FactValue.text(to)
                if action == .link {
                    let op = provenance(pick, member)
                    write(e, from, SameParty.field, .add, member, pred: restatements(e, from, SameParty.field, op), op)
                } else {
                    write(e, from, SameParty.field, .remove, member,
                          pred: live(e, from, SameParty.field).filter { logs[e].operations[$0]?.value == member })
                }
            }
        case .receiveAll:
            let from = Self.index(pick, replicas.count)
            logs[e] = logs[e].merging(logs[from])
        case .receiveOneAuthor:
            // Only one author's operations: the receiver may then hold an op without the ones it names.
            let from = Self.index(pick, replicas.count), author = replicas[Self.index(pick / 3, replicas.count)]
            for op in logs[from].operations.values where op.dot.replica == author { logs[e].insert(op) }
        }
    }

    /// The schema in force for editor `e`: the built-in one with the definitions it holds.
    private func schema(_ e: Int) -> PartySchema {
        let heads = logs[e].operations.values.filter { $0.party == DatasetRecord.id && logs[e].isHead($0.dot) }
        return PartySchema.standard.inForce(definitions: PartySchema.definitions(in: heads))
    }

    /// The field and value a claim, retract or rank step is about: a scalar field or the set field.
    private func claimTarget(_ pick: Int) -> (String, FactValue) {
        let fields = Self.scalarFields + ["ideology"]
        let field = fields[(pick / 3) % fields.count]
        return field == "ideology" ? (field, Self.members[(pick / 7) % Self.members.count])
                                   : (field, Self.scalarValues[(pick / 7) % Self.scalarValues.count])
    }

    /// The source, dates and note a step's claim carries, picked from small pools so that
    /// editors often make the same claim.
    private func provenance(_ pick: Int, _ value: FactValue? = nil) -> FactOperation {
        var op = FactOperation.provenance(dates: Self.dates[(pick / 11) % Self.dates.count])
        op.source = Self.sources[(pick / 5) % Self.sources.count]
        op.note = Self.notes[(pick / 17) % Self.notes.count]
        op.value = value
        return op
    }

    /// What an added claim names, as a local writer's does: the heads that write the same claim
    /// from the same source, and, when none writes that claim, its ranks that outlived it.
    private func restatements(_ e: Int, _ party: String, _ field: String, _ op: FactOperation) -> [Dot] {
        let heads = live(e, party, field).compactMap { logs[e].operations[$0] }.filter { $0.claimKey == op.claimKey }
        let writers = heads.filter { $0.kind.writesClaim }
        if writers.isEmpty { return heads.map(\.dot) }
        return writers.filter { $0.source == op.source }.map(\.dot)
    }

    /// The heads that a local writer's operation names: the fact's heads that hold a value.
    private func live(_ e: Int, _ party: String, _ field: String) -> [Dot] {
        logs[e].operations.values.filter { op in
            op.party == party && op.field == field && op.kind.isLive && logs[e].isHead(op.dot)
        }.map(\.dot).sorted()
    }

    private mutating func write(_ e: Int, _ party: String, _ field: String, _ kind: OperationKind, _ value: FactValue?,
                                pred: [Dot], _ provenance: FactOperation? = nil, context: VersionVector? = nil) {
        counters[e] += 1
        var op = FactOperation(dot: Dot(replica: replicas[e], counter: counters[e]), party: party, field: field, kind: kind,
                               value: value, pred: pred, context: context, time: 1_700_000_000 + Int64(made.count))
        if let provenance {
            op.source = provenance.source
            op.dates = provenance.dates
            op.note = provenance.note
            op.rank = provenance.rank
        }
        logs[e].insert(op)
        made.append(op)
    }

    private static func index(_ n: Int, _ count: Int) -> Int { ((n % count) + count) % count }
}

extension FactOperation {
    /// An operation that only carries provenance, for ``EditorSimulation``'s writers to copy from.
    fileprivate static func provenance(dates: ClaimDates) -> FactOperation {
        var op = FactOperation(dot: Dot(replica: ReplicaID(String(repeating: "0", count: 32))!, counter: 1), party: "", field: "", kind: .set, time: 0)
        op.dates = dates
        return op
    }
}

extension EditorSimulation {
    /// Scripts of up to `length` steps, shrinking to shorter scripts and smaller numbers.
    public static func scripts(length: ClosedRange<Int> = 0...80) -> Generator<[Step], some Sequence<[(Int, Int, Int)]> & SendableMetatype> {
        zip(Gen.int(in: 0...2), Gen.int(in: 0...(Action.allCases.count - 1)), Gen.int(in: 0...90))
            .map { Step(editor: $0.0, action: $0.1, pick: $0.2) }
            .array(of: length)
    }
}
