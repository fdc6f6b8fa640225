@testable import CaucusCore
import Foundation
import Testing

/// The store's read APIs behind the editor's commands: provenance, conflicts, history, search, dry-run merges.
@Suite struct StoreReadTests {
    static func store(_ editor: String = "alice") throws -> PartyStore {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("caucus-core-\(UUID().uuidString).db").path
        return try PartyStore.create(at: path, editor: editor)
    }

    static let other = ReplicaID("00000000000000000000000000000b0b")!

    /// Bob's op on `field`, superseding `pred`.
    static func bobSets(_ store: PartyStore, counter: Int64, field: String, _ value: FactValue, pred: [Dot], time: Int64,
                        source: String? = nil) throws -> WriteSummary {
        try store.integrate(replicas: [ReplicaInfo(id: other, editor: "bob")], sender: nil, time: time) { i in
            try i.integrate(FactOperation(dot: Dot(replica: other, counter: counter), party: "ucpa", field: field, kind: .set,
                                          value: value, pred: pred, time: time, source: source))
        }
    }

    @Test func recordDetail_givesEachValueItsSourceEditorAndTime() throws {
        let s = try Self.store()
        try s.applyEdits(time: 100) { w in
            try w.apply(Edit(party: "ucpa", field: "membership", action: .set(.integer(7000)), source: "own figure", asOf: "2005"))
            try w.apply(Edit(party: "ucpa", field: "ideology", action: .add(.text("Communism"))))
        }
        let d = try #require(try s.recordDetail("ucpa"))
        #expect(d.fields.map(\.name) == ["ideology", "membership"])
        let m = d.fields[1].values
        #expect(m.count == 1 && m[0].value == .integer(7000) && m[0].source == "own figure" && m[0].asOf == "2005")
        #expect(m[0].editor == "alice" && m[0].time == 100 && m[0].replica == s.localReplica.id)
        #expect(try s.recordDetail("nope") == nil)
    }

    @Test func conflicts_listEveryCandidateWithProvenance_inCanonicalOrder() throws {
        let s = try Self.store()
        try s.applyEdits(time: 100) { w in try w.apply(Edit(party: "ucpa", field: "membership", action: .set(.integer(7000)))) }
        let summary = try Self.bobSets(s, counter: 1, field: "membership", .integer(5000), pred: [], time: 90, source: "press")
        #expect(summary.newConflicts == 1)
        let c = try s.conflicts()
        #expect(c.count == 1 && c[0].party == "ucpa" && c[0].field == "membership")
        #expect(c[0].candidates.map(\.value) == [.integer(5000), .integer(7000)])
        #expect(c[0].candidates.map(\.editor) == ["bob", "alice"])
        #expect(try s.conflictCount() == 1)
    }

    @Test func history_isCausal_evenWhenClocksDisagree() throws {
        // Given alice's value at time 200, and bob's later change to it stamped 100 by a slow clock.
        let s = try Self.store()
        try s.applyEdits(time: 200) { w in try w.apply(Edit(party: "ucpa", field: "membership", action: .set(.integer(7000)))) }
        let alice = Dot(replica: s.localReplica.id, counter: 1)
        _ = try Self.bobSets(s, counter: 1, field: "membership", .integer(6500), pred: [alice], time: 100)
        // Then the history lists alice's value first, and bob's with it as "before".
        let h = try #require(try s.history(party: "ucpa", field: "membership"))
        #expect(h.map(\.editor) == ["alice", "bob"])
        #expect(h[1].before == [.integer(7000)] && h[1].value == .integer(6500) && h[1].live && !h[0].live)
        #expect(try s.history(party: "nope") == nil)
    }

    @Test func history_marksBeforeIncomplete_whenThePredecessorIsMissing() throws {
        let s = try Self.store()
        try s.applyEdits(time: 1) { w in try w.apply(Edit(party: "ucpa", field: "name", action: .set(.text("U")))) }
        _ = try Self.bobSets(s, counter: 2, field: "membership", .integer(1), pred: [Dot(replica: Self.other, counter: 1)], time: 5)
        let h = try #require(try s.history(party: "ucpa", field: "membership"))
        #expect(h.count == 1 && h[0].before.isEmpty && h[0].beforeIncomplete)
    }

    @Test func search_refreshesOnlyDirtyRecords_andDropsDeletedOnes() throws {
        let s = try Self.store()
        try s.applyEdits(time: 1) { w in
            try w.apply(Edit(party: "ucpa", field: "name", action: .set(.text("Birləşmiş Kommunist Partiyası"))))
            try w.apply(Edit(party: "kpss", field: "name", action: .set(.text("Коммунистическая партия"))))
        }
        #expect(try s.refreshSearchIndex() == 2)
        #expect(try s.refreshSearchIndex() == 0)
        #expect(try s.search("kommunist").map(\.id) == ["ucpa"])
        #expect(try s.search("КОММУНИСТИЧЕСКАЯ").map(\.id) == ["kpss"])
        try s.applyEdits(time: 2) { w in try w.apply(Edit(party: "kpss", action: .delete)) }
        #expect(try s.search("коммунистическая").isEmpty)
        #expect(try s.search("  ").isEmpty)
    }

    @Test func staleSearchMarks_acrossBitmapPages_comeBackOnceEach() throws {
        let s = try Self.store()
        let pids: [Int64] = [1, 7, 8, 8191, 8192, 8193, 20_000, 8191, 1]
        let marked = try s.writer.write { db -> [Int64] in
            try StaleParties.mark(pids.prefix(5), in: db)
            try StaleParties.mark(pids.suffix(5), in: db)
            return try StaleParties.all(in: db)
        }
        #expect(marked == Array(Set(pids)).sorted())
        #expect(try s.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM search_stale") } == 3)
    }

    @Test func ftsQuery_quotesEveryWord_soNothingIsSyntax() {
        #expect(PartyStore.ftsQuery("communist AND party") == "\"communist\" \"AND\" \"party\"*")
        #expect(PartyStore.ftsQuery("\"NEAR(x\" -y *") == "\"NEAR\" \"x\" \"y\"")
        #expect(PartyStore.ftsQuery("حزب الوفد") == "\"حزب\" \"الوفد\"*")
    }

    @Test func temporaryCopy_holdsTheSameState_andChangesToItStayThere() throws {
        let s = try Self.store()
        try s.applyEdits(time: 100) { w in try w.apply(Edit(party: "ucpa", field: "membership", action: .set(.integer(7000)))) }
        let copy = try s.temporaryCopy()
        defer { copy.remove() }
        #expect(try copy.store.versionVector() == s.versionVector())
        #expect(copy.store.localReplica == s.localReplica)
        let summary = try Self.bobSets(copy.store, counter: 1, field: "membership", .integer(5000), pred: [], time: 1)
        #expect(summary.newConflicts == 1)
        #expect(try s.conflictCount() == 0)
        #expect(try s.replicas().count == 1)
        copy.remove()
        #expect(!FileManager.default.fileExists(atPath: copy.path))
    }

    @Test func partySuggestions_findCloseIdsAndPrefixes() throws {
        let s = try Self.store()
        try s.applyEdits(time: 1) { w in
            for id in ["ucpa", "kpd", "spd", "pf-6641"] { try w.apply(Edit(party: id, field: "name", action: .set(.text(id)))) }
        }
        #expect(try s.partySuggestions(for: "ucap") == ["ucpa"])
        #expect(try s.partySuggestions(for: "pf-664") == ["pf-6641"])
        #expect(try s.partySuggestions(for: "zzzzzzzz").isEmpty)
    }
}
