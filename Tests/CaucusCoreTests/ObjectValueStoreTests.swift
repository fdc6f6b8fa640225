@testable import CaucusCore
import Foundation
import GRDB
import Testing

/// The store keeps an object value (an election result) as a blob of its canonical JSON text and
/// reads it back as the same value, everywhere it reads values.
@Suite struct ObjectValueStoreTests {
    static let result = FactObject([("election", .text("2005 parliamentary")), ("year", .integer(2005)),
                                    ("constituency", .text("District 12")), ("share", .real(8.3)), ("place", .integer(2))])!
    static let canonical = #"{"constituency":"District 12","election":"2005 parliamentary","place":2,"share":8.3,"year":2005}"#

    func storeWithTheResult() throws -> PartyStore {
        let store = try PartyStore(writer: DatabaseQueue(), editor: "alice", checkingInvariants: true)
        try store.applyEdits(time: 1_700_000_000) { w in
            try w.apply(Edit(party: "ucpa", field: "name", action: .set(.text("United Communist Party of Azerbaijan"))))
            try w.apply(Edit(party: "ucpa", field: "election_result", action: .claim(.object(Self.result)), source: "CEC protocol"))
        }
        return store
    }

    @Test func anElectionResult_readsBackAsTheSameObject_andDumpsAsItsCanonicalText() throws {
        let store = try storeWithTheResult()
        let record = try #require(try store.records(ids: ["ucpa"])["ucpa"])
        #expect(record.sets["election_result"] == [.object(Self.result)])
        #expect(record.claims["election_result"]?.first?.sources == ["CEC protocol"])
        #expect(record.dumpLine.contains(#""election_result":[\#(Self.canonical)]"#), "\(record.dumpLine)")
        let stored = try store.writer.read { db in
            try Data.fetchOne(db, sql: "SELECT value FROM op WHERE field = (SELECT fid FROM field WHERE name = 'election_result') AND typeof(value) = 'blob'")
        }
        #expect(stored == Data(Self.canonical.utf8))
    }

    @Test func showHistoryAndSearch_readTheObject_andSearchSkipsIt() throws {
        let store = try storeWithTheResult()
        let detail = try #require(try store.recordDetail("ucpa"))
        #expect(detail.fields.first { $0.name == "election_result" }?.values.map(\.value) == [.object(Self.result)])
        let history = try #require(try store.history(party: "ucpa", field: "election_result"))
        #expect(history.map(\.value) == [.object(Self.result)])
        #expect(try store.search("District").isEmpty)
        #expect(try store.search("United").map(\.id) == ["ucpa"])
    }

    @Test func retractingTheResult_namesItByItsValue_writtenInAnyKeyOrder() throws {
        let store = try storeWithTheResult()
        let reordered = FactObject(Self.result.members.reversed().map { ($0.key, $0.value) })!
        try store.applyEdits(time: 1_700_000_100) { w in
            try w.apply(Edit(party: "ucpa", field: "election_result", action: .retract(.object(reordered))))
        }
        #expect(try store.records(ids: ["ucpa"])["ucpa"]?.sets["election_result"] ?? [] == [])
    }
}
