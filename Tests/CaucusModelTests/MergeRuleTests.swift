import CaucusModel
import Testing

/// Each rule stated on ``Merge``, on the smallest operation sets that show it.
@Suite struct MergeRuleTests {
    static let alice = ReplicaID("a" + String(repeating: "0", count: 31))!
    static let bob = ReplicaID("b" + String(repeating: "0", count: 31))!
    static let dave = ReplicaID("d" + String(repeating: "0", count: 31))!

    static func op(_ replica: ReplicaID, _ counter: Int64, _ kind: OperationKind, _ field: String = "", _ value: FactValue? = nil,
                   pred: [Dot] = [], context: VersionVector? = nil) -> FactOperation {
        FactOperation(dot: Dot(replica: replica, counter: counter), party: "ucpa", field: field, kind: kind, value: value,
                      pred: pred, context: context, time: 0)
    }

    static func record(_ ops: FactOperation...) -> RecordState {
        let records = Merge.records(OperationLog(ops), schema: .standard)
        #expect(records.count == 1)
        return records[0]
    }

    static func dot(_ replica: ReplicaID, _ counter: Int64) -> Dot { Dot(replica: replica, counter: counter) }

    @Test func anOperationNamedInAPred_isNoLongerAHead_evenWhenItArrivesLater() {
        let overwrite = Self.op(Self.bob, 1, .set, "membership", .integer(5000), pred: [Self.dot(Self.alice, 1)])
        let late = Self.op(Self.alice, 1, .set, "membership", .integer(7000))
        var log = OperationLog([overwrite])
        log.insert(late)
        #expect(!log.isHead(late.dot) && log.isHead(overwrite.dot))
        #expect(Merge.records(log, schema: .standard)[0].fields["membership"] == .integer(5000))
    }

    @Test func concurrentSets_ofDifferentValues_areAConflict_ofEqualValues_areOneValue() {
        let seven = Self.op(Self.alice, 1, .set, "membership", .integer(7000))
        let five = Self.op(Self.bob, 1, .set, "membership", .integer(5000))
        let sevenAgain = Self.op(Self.bob, 1, .set, "membership", .integer(7000))
        #expect(Self.record(seven, five).conflicts["membership"] == [.integer(5000), .integer(7000)])
        #expect(Self.record(seven, sevenAgain).fields["membership"] == .integer(7000))
        #expect(Self.record(seven, sevenAgain).conflicts.isEmpty)
    }

    @Test func aClear_holdsNoValue() {
        let seven = Self.op(Self.alice, 1, .set, "membership", .integer(7000))
        let clear = Self.op(Self.alice, 2, .clear, "membership", pred: [seven.dot])
        let record = Self.record(seven, clear)
        #expect(record.fields.isEmpty && record.conflicts.isEmpty)
    }

    @Test func aRemove_takesOnlyTheAddsItsWriterSaw() {
        let add = Self.op(Self.alice, 1, .add, "ideology", .text("Communism"))
        let remove = Self.op(Self.bob, 1, .remove, "ideology", .text("Communism"), pred: [add.dot])
        let concurrentAdd = Self.op(Self.alice, 2, .add, "ideology", .text("Communism"))
        #expect(Self.record(add, remove).sets["ideology"] == nil)
        #expect(Self.record(add, remove, concurrentAdd).sets["ideology"] == [.text("Communism")])
    }

    @Test func aRecord_isDeletedByAHeadDelete_andBackAfterARestoreThatSawIt() {
        let set = Self.op(Self.alice, 1, .set, "leader", .text("Sayad Sayadov"))
        let delete = Self.op(Self.alice, 2, .delete, context: VersionVector([Self.alice: CounterSet(upTo: 1)]))
        let restore = Self.op(Self.bob, 1, .restore, pred: [delete.dot])
        #expect(Self.record(set, delete).deleted)
        #expect(Self.record(set, delete).fields["leader"] == .text("Sayad Sayadov"))
        #expect(!Self.record(set, delete, restore).deleted)
    }

    @Test func anEditTheDeleteDidNotSee_isADeleteConflict() {
        let set = Self.op(Self.alice, 1, .set, "leader", .text("Sayad Sayadov"))
        let delete = Self.op(Self.bob, 1, .delete, context: VersionVector())
        #expect(Self.record(set, delete).deleteConflict)
    }

    /// Alice adds an ideology, Bob removes it, and Dave, who holds Bob's remove but not Alice's
    /// add, deletes the record: Dave saw the field's latest word, so there is no conflict.
    @Test func anOperationSupersededLater_isJudgedByTheOperationThatSupersededIt() {
        let add = Self.op(Self.alice, 1, .add, "ideology", .text("Communism"))
        let remove = Self.op(Self.bob, 1, .remove, "ideology", .text("Communism"), pred: [add.dot])
        let delete = Self.op(Self.dave, 1, .delete, context: VersionVector([Self.bob: CounterSet(upTo: 1)]))
        let record = Self.record(add, remove, delete)
        #expect(record.deleted && !record.deleteConflict)
    }

    @Test func everyPartyNamed_hasARecord_evenWithOnlyARemove() {
        let remove = Self.op(Self.alice, 1, .remove, "ideology", .text("Communism"), pred: [Self.dot(Self.bob, 9)])
        let record = Self.record(remove)
        #expect(record.id == "ucpa" && !record.deleted && record.sets.isEmpty)
    }

    @Test func aDotHeldTwice_keepsTheFirstOperation() {
        let first = Self.op(Self.alice, 1, .set, "membership", .integer(7000))
        var forged = first
        forged.value = .integer(1)
        var log = OperationLog([first])
        let inserted = log.insert(forged)
        #expect(!inserted)
        #expect(log.operations[first.dot] == first)
    }
}
