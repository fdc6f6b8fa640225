import CaucusModel
import Testing

/// Each rule stated on ``Merge``, on the smallest operation sets that show it.
@Suite struct MergeRuleTests {
    static let alice = ReplicaID("a" + String(repeating: "0", count: 31))!
    static let bob = ReplicaID("b" + String(repeating: "0", count: 31))!
    static let dave = ReplicaID("d" + String(repeating: "0", count: 31))!

    static func op(_ replica: ReplicaID, _ counter: Int64, _ kind: OperationKind, _ field: String = "", _ value: FactValue? = nil,
                   pred: [Dot] = [], context: VersionVector? = nil, source: String? = nil, asOf: String? = nil,
                   start: String? = nil, end: String? = nil, note: String? = nil, rank: ClaimRank? = nil) -> FactOperation {
        FactOperation(dot: Dot(replica: replica, counter: counter), party: "ucpa", field: field, kind: kind, value: value,
                      pred: pred, context: context, time: 0, source: source, asOf: asOf, start: start, end: end, note: note, rank: rank)
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

    // MARK: Claims (rules 2, 3 and 7)

    /// Bob, who holds Alice's membership figure, finds it in another source: his claim names no
    /// head (none writes that claim from his source), so it corroborates hers.
    @Test func theSameClaim_fromTwoSources_isOneClaim_withBothSources_andNoConflict() {
        let alice = Self.op(Self.alice, 1, .set, "membership", .integer(7000), source: "party's own figure", asOf: "2005")
        let bob = Self.op(Self.bob, 1, .add, "membership", .integer(7000), source: "Justice Ministry", asOf: "2005")
        let record = Self.record(alice, bob)
        #expect(record.claims["membership"] == [Claim(key: ClaimKey(value: .integer(7000), dates: ClaimDates(asOf: "2005")),
                                                      sources: ["Justice Ministry", "party's own figure"])])
        #expect(record.fields["membership"] == .integer(7000) && record.conflicts.isEmpty)
    }

    @Test func concurrentlyAddedClaims_ofDifferentValues_areDisputed_withNoConflictAndNoValue() {
        let seven = Self.op(Self.alice, 1, .add, "membership", .integer(7000))
        let five = Self.op(Self.bob, 1, .add, "membership", .integer(5000))
        let record = Self.record(seven, five)
        #expect(record.isDisputed("membership"))
        #expect(record.fields["membership"] == nil && record.conflicts.isEmpty)
        #expect(record.claims["membership"]?.map(\.value) == [.integer(5000), .integer(7000)])
    }

    @Test func aDisputedField_withASinglePreferredClaim_showsThatClaimsValue() {
        let seven = Self.op(Self.alice, 1, .add, "membership", .integer(7000))
        let five = Self.op(Self.bob, 1, .add, "membership", .integer(5000))
        let preferred = Self.op(Self.alice, 2, .rank, "membership", .integer(7000), rank: .preferred)
        let record = Self.record(seven, five, preferred)
        #expect(record.fields["membership"] == .integer(7000))
        #expect(!record.isDisputed("membership") && record.conflicts.isEmpty)
    }

    /// Only sets that did not see each other make a conflict; a claim added beside them is one
    /// more standing claim, listed in the dump's claims and not among the candidates.
    @Test func concurrentSets_areAConflict_andAClaimAddedBesideThem_showsInClaimsNotConflicts() {
        let seven = Self.op(Self.alice, 1, .set, "membership", .integer(7000))
        let five = Self.op(Self.bob, 1, .set, "membership", .integer(5000))
        let six = Self.op(Self.dave, 1, .add, "membership", .integer(6000))
        let record = Self.record(seven, five, six)
        #expect(record.conflicts["membership"] == [.integer(5000), .integer(7000)])
        #expect(record.claims["membership"]?.map(\.value) == [.integer(5000), .integer(6000), .integer(7000)])
        #expect(record.listsClaims(of: "membership"))
    }

    @Test func aRetract_removesOnlyTheClaimItsWriterSaw_soAConcurrentReclaimStays() {
        let claim = Self.op(Self.alice, 1, .add, "membership", .integer(7000), asOf: "2005")
        let retract = Self.op(Self.bob, 1, .remove, "membership", .integer(7000), pred: [claim.dot], asOf: "2005")
        let reclaim = Self.op(Self.alice, 2, .add, "membership", .integer(7000), pred: [claim.dot], asOf: "2005", note: "confirmed")
        #expect(Self.record(claim, retract).claims["membership"] == nil)
        #expect(Self.record(claim, retract).fields["membership"] == nil)
        #expect(Self.record(claim, retract, reclaim).claims["membership"]?.map(\.notes) == [["confirmed"]])
        #expect(Self.record(claim, retract, reclaim).fields["membership"] == .integer(7000))
    }

    @Test func concurrentDifferentRanks_ofOneClaim_areARankConflict_andPutTheFieldInConflict() {
        let seven = Self.op(Self.alice, 1, .set, "membership", .integer(7000))
        let preferred = Self.op(Self.alice, 2, .rank, "membership", .integer(7000), rank: .preferred)
        let deprecated = Self.op(Self.bob, 1, .rank, "membership", .integer(7000), rank: .deprecated)
        let claim = Self.record(seven, preferred, deprecated).claims["membership"]?.first
        #expect(claim?.ranks == [.deprecated, .preferred] && claim?.rank == nil && claim?.hasRankConflict == true)
        #expect(Merge.isInConflict([seven, preferred, deprecated], isSet: false))
        #expect(!Merge.isInConflict([seven, preferred], isSet: false))
    }

    @Test func aRankThatSawARankConflict_settlesIt() {
        let seven = Self.op(Self.alice, 1, .set, "membership", .integer(7000))
        let preferred = Self.op(Self.alice, 2, .rank, "membership", .integer(7000), rank: .preferred)
        let deprecated = Self.op(Self.bob, 1, .rank, "membership", .integer(7000), rank: .deprecated)
        let settling = Self.op(Self.dave, 1, .rank, "membership", .integer(7000), pred: [preferred.dot, deprecated.dot], rank: .normal)
        let log = OperationLog([seven, preferred, deprecated, settling])
        let heads = log.operations.values.filter { log.isHead($0.dot) }
        #expect(Merge.records(log, schema: .standard)[0].claims["membership"]?.first?.rank == .normal)
        #expect(!Merge.isInConflict(Array(heads), isSet: false))
    }

    /// Dave, holding a disputed field and a rank, sets it: his set names every head he held.
    @Test func aSet_replacesEveryClaimAndRankItsWriterHeld() {
        let seven = Self.op(Self.alice, 1, .add, "membership", .integer(7000), asOf: "2005")
        let five = Self.op(Self.bob, 1, .add, "membership", .integer(5000), asOf: "2010")
        let rank = Self.op(Self.bob, 2, .rank, "membership", .integer(5000), asOf: "2010", rank: .preferred)
        let set = Self.op(Self.dave, 1, .set, "membership", .integer(6000), pred: [seven.dot, five.dot, rank.dot])
        let record = Self.record(seven, five, rank, set)
        #expect(record.claims["membership"] == [Claim(key: ClaimKey(value: .integer(6000)))])
        #expect(record.fields["membership"] == .integer(6000))
    }

    @Test func theSameValue_withOtherDates_isAnotherClaim_aSeries_andTheFieldShowsTheValue() {
        let in2005 = Self.op(Self.alice, 1, .set, "membership", .integer(7000), asOf: "2005")
        let in2010 = Self.op(Self.bob, 1, .add, "membership", .integer(7000), asOf: "2010")
        let record = Self.record(in2005, in2010)
        #expect(record.claims["membership"]?.map(\.dates) == [ClaimDates(asOf: "2005"), ClaimDates(asOf: "2010")])
        #expect(record.fields["membership"] == .integer(7000) && !record.isDisputed("membership"))
    }

    @Test func aPlainRecordsDumpLine_hasNoClaimsKey() {
        let seven = Self.op(Self.alice, 1, .set, "membership", .integer(7000), source: "party's own figure", asOf: "2005")
        let communism = Self.op(Self.alice, 2, .add, "ideology", .text("Communism"), source: "party programme")
        #expect(Self.record(seven, communism).dumpLine
                == #"{"id":"ucpa","deleted":false,"fields":{"ideology":["Communism"],"membership":7000},"conflicts":{},"delete_conflict":false}"#)
    }

    @Test func aClaimWithARankSpanOrNote_isListedInTheDump_withEveryKeyItHas() {
        let leader = Self.op(Self.alice, 1, .set, "leader", .text("Rauf Gurbanov"), source: "party website", asOf: "2010",
                             start: "1998", end: "2000", note: "acting")
        let rank = Self.op(Self.bob, 1, .rank, "leader", .text("Rauf Gurbanov"), asOf: "2010", start: "1998", end: "2000", rank: .preferred)
        #expect(Self.record(leader, rank).dumpLine == #"{"id":"ucpa","deleted":false,"fields":{"leader":"Rauf Gurbanov"},"conflicts":{},"#
                + #""claims":{"leader":[{"value":"Rauf Gurbanov","rank":"preferred","sources":["party website"],"as_of":"2010","start":"1998","end":"2000","note":"acting"}]},"#
                + #""delete_conflict":false}"#)
    }

    /// Claims are sorted by their JSON text (10000 before 7000), and a key without a value is left out.
    @Test func aDisputedField_isListedInTheDump_itsClaimsSortedByJSONText() {
        let seven = Self.op(Self.alice, 1, .add, "membership", .integer(7000), source: "Justice Ministry")
        let tenThousand = Self.op(Self.bob, 1, .add, "membership", .integer(10000), asOf: "2005")
        #expect(Self.record(seven, tenThousand).dumpLine == #"{"id":"ucpa","deleted":false,"fields":{},"conflicts":{},"#
                + #""claims":{"membership":[{"value":10000,"rank":"normal","as_of":"2005"},{"value":7000,"rank":"normal","sources":["Justice Ministry"]}]},"#
                + #""delete_conflict":false}"#)
    }
}
