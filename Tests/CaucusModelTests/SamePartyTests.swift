import CaucusModel
import Testing

/// Rule 10 on ``SameParty``: which records are one party, each clause on the smallest operation
/// sets that show it.
@Suite struct SamePartyTests {
    static let alice = MergeRuleTests.alice, bob = MergeRuleTests.bob

    static func link(_ replica: ReplicaID, _ counter: Int64, _ from: String, _ to: String, kind: OperationKind = .add,
                     pred: [Dot] = []) -> FactOperation {
        FactOperation(dot: Dot(replica: replica, counter: counter), party: from, field: SameParty.field, kind: kind,
                      value: .text(to), pred: pred, time: 0)
    }

    static func groups(_ ops: [FactOperation]) -> [String: [String]] {
        let records = Merge.records(OperationLog(ops), schema: .standard)
        let links = Dictionary(uniqueKeysWithValues: records.map { ($0.id, SameParty.links(of: $0)) })
        return Dictionary(uniqueKeysWithValues: records.map { ($0.id, SameParty.group(of: $0.id, links: links)) })
    }

    @Test func aLinkWrittenBothWays_makesEitherRecordsGroupBoth() {
        let g = Self.groups([Self.link(Self.alice, 1, "pf-1993", "pg-123"), Self.link(Self.alice, 2, "pg-123", "pf-1993")])
        #expect(g["pf-1993"] == ["pf-1993", "pg-123"] && g["pg-123"] == ["pf-1993", "pg-123"])
    }

    @Test func linksChain() {
        let g = Self.groups([Self.link(Self.alice, 1, "a", "b"), Self.link(Self.alice, 2, "b", "c")])
        #expect(g["a"] == ["a", "b", "c"])
    }

    @Test func aLinkMadeConcurrentlyWithAnUnlink_stands_asAnAddBesideARemove() {
        let first = Self.link(Self.alice, 1, "a", "b")
        let unlink = Self.link(Self.alice, 2, "a", "b", kind: .remove, pred: [first.dot])
        let relink = Self.link(Self.bob, 1, "a", "b")
        #expect(Self.groups([first, unlink])["a"] == ["a"])
        #expect(Self.groups([first, unlink, relink])["a"] == ["a", "b"])
        #expect(Self.groups([relink, unlink, first])["a"] == ["a", "b"])
    }

    @Test func aRecordLinkedToNone_isAGroupOfItself() {
        #expect(SameParty.group(of: "ucpa", links: [:]) == ["ucpa"])
    }

    @Test func aConflictBetweenRecords_isAFieldTheyGiveDifferentValues_neverASetField() {
        var a = RecordState(id: "a"), b = RecordState(id: "b")
        a.fields = ["founded": .integer(1993), "name": .text("UCPA")]
        b.fields = ["founded": .integer(1992), "name": .text("UCPA")]
        a.sets = ["ideology": [.text("Communism")]]
        b.sets = ["ideology": [.text("Socialism")]]
        #expect(SameParty.conflictsBetween([a, b]) == ["founded"])
    }
}
