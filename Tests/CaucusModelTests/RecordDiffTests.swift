import CaucusModel
import Testing

/// ``RecordDiff`` of two states of a record: what it calls each change.
@Suite struct RecordDiffTests {
    static func state(deleted: Bool = false, deleteConflict: Bool = false, fields: [String: FactValue] = [:],
                      sets: [String: [FactValue]] = [:], conflicts: [String: [FactValue]] = [:]) -> RecordState {
        RecordState(id: "ucpa", deleted: deleted, deleteConflict: deleteConflict, fields: fields, sets: sets, conflicts: conflicts)
    }

    @Test func equalStates_haveNoDiff() {
        let s = Self.state(fields: ["founded": .integer(1993)])
        #expect(RecordDiff(before: s, after: s) == nil)
        #expect(RecordDiff(before: nil, after: nil) == nil)
    }

    @Test func aRecordAbsentBefore_isCreated_andOneAbsentAfter_isAbsent() {
        let s = Self.state(fields: ["founded": .integer(1993)])
        let created = RecordDiff(before: nil, after: s)
        #expect(created?.change == .created && created?.fields.map(\.name) == ["founded"])
        #expect(created?.fields[0].before == .absent && created?.fields[0].after == .value(.integer(1993), claims: []))
        #expect(RecordDiff(before: s, after: nil)?.change == .absent)
    }

    @Test func deletionAndRestoration_areNamedSo_evenWithNoFieldChanged() {
        let live = Self.state(fields: ["founded": .integer(1993)]), gone = Self.state(deleted: true, fields: ["founded": .integer(1993)])
        #expect(RecordDiff(before: live, after: gone).map { ($0.change, $0.fields.count) } ?? (.changed, -1) == (.deleted, 0))
        #expect(RecordDiff(before: gone, after: live)?.change == .restored)
    }

    @Test func aFieldThatFallsIntoConflict_appears_andOneThatLeavesIt_isSettled() {
        let one = Self.state(fields: ["membership": .integer(7000)])
        let two = Self.state(conflicts: ["membership": [.integer(5000), .integer(6500)]])
        let appeared = RecordDiff(before: one, after: two)!
        #expect(appeared.change == .changed && appeared.conflictsAppeared == ["membership"] && appeared.conflictsSettled.isEmpty)
        #expect(appeared.fields[0].after.json == #"{"conflict":[5000,6500]}"#)
        #expect(RecordDiff(before: two, after: one)!.conflictsSettled == ["membership"])
    }

    @Test func aDeleteConflictAlone_isAChange() {
        let diff = RecordDiff(before: Self.state(deleted: true), after: Self.state(deleted: true, deleteConflict: true))
        #expect(diff?.change == .changed && diff?.fields.isEmpty == true && diff?.deleteConflictAfter == true)
    }

    @Test func setMembers_areComparedAsTheirSortedValues() {
        let a = Self.state(sets: ["ideology": [.text("Communism")]]), b = Self.state(sets: ["ideology": [.text("Communism"), .text("Stalinism")]])
        #expect(RecordDiff(before: a, after: b)?.fields.map { $0.after.json } == [#"["Communism","Stalinism"]"#])
    }
}
