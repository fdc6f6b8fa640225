import CaucusModel
import Testing

/// Releases as values of the dataset record: their encoding, their names, and how the merge
/// treats two of one name.
@Suite struct ReleaseTests {
    static let alice = MergeRuleTests.alice, bob = MergeRuleTests.bob

    static func release(_ note: String?, upTo n: Int64 = 3) -> Release {
        Release(name: "2025.1", versionVector: VersionVector([alice: CounterSet(upTo: n)]), note: note, recordCount: 6854, conflictCount: 2)
    }

    static func releaseOp(_ replica: ReplicaID, _ counter: Int64, _ release: Release, pred: [Dot] = []) -> FactOperation {
        FactOperation(dot: Dot(replica: replica, counter: counter), party: DatasetRecord.id, field: DatasetRecord.releaseField(release.name),
                      kind: .set, value: release.value, pred: pred, time: 0)
    }

    @Test func aReleaseValue_readsBackAsTheSameRelease() throws {
        for note in [nil, "the January release"] {
            let release = Self.release(note)
            #expect(try Release(name: "2025.1", value: release.value) == release)
        }
        #expect(Self.release(nil).value.json == #"{"conflicts":2,"records":6854,"vv":"{\"a0000000000000000000000000000000\":[[1,3]]}"}"#)
    }

    @Test func aValueThatIsNotARelease_isRefused_sayingWhy() {
        let vv = VersionVector([Self.alice: CounterSet(upTo: 3)]).json
        let cases: [([(key: String, value: FactValue)], String)] = [
            ([("vv", .text(vv)), ("records", .integer(1))], "its \"conflicts\" is not a whole number >= 0"),
            ([("vv", .text(vv)), ("records", .integer(1)), ("conflicts", .integer(0)), ("editor", .text("x"))], "it has an unknown member \"editor\""),
            ([("vv", .text("{ }")), ("records", .integer(1)), ("conflicts", .integer(0))], "its \"vv\" is not in canonical form"),
            ([("vv", .text("[]")), ("records", .integer(1)), ("conflicts", .integer(0))], "its \"vv\" is not a version vector: expected a JSON object of replica ids"),
            ([("vv", .text(vv)), ("records", .integer(-1)), ("conflicts", .integer(0))], "its \"records\" is not a whole number >= 0"),
            ([("vv", .text(vv)), ("records", .integer(1)), ("conflicts", .integer(0)), ("note", .text(""))],
             "its \"note\" is not text of 1 to \(Limits.noteBytes) bytes without control characters"),
        ]
        for (members, problem) in cases {
            #expect(throws: ReleaseError.invalidValue(name: "2025.1", problem: problem)) { try Release(name: "2025.1", value: .object(FactObject(members)!)) }
        }
        #expect(throws: ReleaseError.invalidValue(name: "2025.1", problem: "it is not an object")) { try Release(name: "2025.1", value: .integer(1)) }
    }

    @Test func releaseNames_followTheRule() {
        for good in ["2025.1", "parlgov-2024", "v3", "A_b", String(repeating: "x", count: DatasetRecord.releaseNameBytes)] {
            #expect(DatasetRecord.isValidReleaseName(good), "\(good)")
        }
        for bad in ["", ".hidden", "-x", "a..b", "2025/1", "a b", "é", String(repeating: "x", count: DatasetRecord.releaseNameBytes + 1)] {
            #expect(!DatasetRecord.isValidReleaseName(bad), "\(bad)")
        }
    }

    @Test func theDatasetRecord_takesOnlySetsAndClearsOfReleaseFacts() throws {
        let field = DatasetRecord.releaseField("2025.1"), value = Self.release(nil).value
        #expect(try DatasetRecord.check(field: field, kind: .set, value: value) == value)
        #expect(try DatasetRecord.check(field: field, kind: .clear, value: nil) == nil)
        #expect(throws: ReleaseError.wrongKind(name: "2025.1", kind: .add)) { try DatasetRecord.check(field: field, kind: .add, value: value) }
        #expect(throws: ReleaseError.notARelease(field: "name")) { try DatasetRecord.check(field: "name", kind: .set, value: value) }
        #expect(throws: ReleaseError.invalidName("a..b")) { try DatasetRecord.check(field: "release/a..b", kind: .clear, value: nil) }
    }

    @Test func theMergeLeavesTheDatasetRecordOutOfThePartyRecords() {
        let log = OperationLog([Self.releaseOp(Self.alice, 4, Self.release(nil)), MergeRuleTests.op(Self.alice, 1, .set, "founded", .integer(1993))])
        #expect(Merge.records(log, schema: .standard).map(\.id) == ["ucpa"])
    }

    @Test func twoReleasesOfOneNameMadeApart_areAConflict_andOneThatSawBoth_settlesIt() {
        let a = Self.releaseOp(Self.alice, 4, Self.release("alice's")), b = Self.releaseOp(Self.bob, 1, Self.release("bob's", upTo: 2))
        let field = DatasetRecord.releaseField("2025.1")
        let both = Merge.record(DatasetRecord.id, heads: [a, b], schema: .standard)
        #expect(both.conflicts[field] == [a.value!, b.value!].canonicallySorted())
        let settle = Self.releaseOp(Self.alice, 5, Self.release("settled"), pred: [a.dot, b.dot])
        let settled = Merge.record(DatasetRecord.id, operations: [a, b, settle], at: OperationLog([a, b, settle]).versionVector, schema: .standard)
        #expect(settled?.fields[field] == settle.value && settled?.conflicts.isEmpty == true)
    }
}
