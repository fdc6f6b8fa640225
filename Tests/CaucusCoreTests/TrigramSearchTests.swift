@testable import CaucusCore
import GRDB
import Testing

/// Names written without spaces between words (Chinese, Japanese, Thai) are found by any part of
/// them: a trigram index beside the word index, written in the same transaction.
@Suite struct TrigramSearchTests {
    static func store() throws -> PartyStore {
        let s = try PartyStore(writer: DatabaseQueue(), editor: "alice")
        try s.applyEdits(time: 1) { w in
            try w.apply(Edit(party: "cn-ccp", field: "name", action: .set(.text("中国共产党"))))
            try w.apply(Edit(party: "tw-dpp", field: "name", action: .set(.text("民主進步黨"))))
            try w.apply(Edit(party: "jp-jcp", field: "name", action: .set(.text("日本共産党"))))
            try w.apply(Edit(party: "jp-cdp", field: "name", action: .set(.text("立憲民主党"))))
            try w.apply(Edit(party: "th-pt", field: "name", action: .set(.text("พรรคเพื่อไทย"))))
            try w.apply(Edit(party: "th-dem", field: "name", action: .set(.text("พรรคประชาธิปัตย์"))))
            try w.apply(Edit(party: "ucpa", field: "name", action: .set(.text("Birləşmiş Kommunist Partiyası"))))
        }
        return s
    }

    @Test func aChineseJapaneseOrThaiName_isFoundByAnyPartOfIt() throws {
        let s = try Self.store()
        #expect(try Set(s.search("共产党").map(\.id)) == ["cn-ccp"])
        #expect(try Set(s.search("共産党").map(\.id)) == ["jp-jcp"])
        #expect(try Set(s.search("民主").map(\.id)) == ["jp-cdp", "tw-dpp"])   // two characters: fewer than a trigram
        #expect(try Set(s.search("เพื่อไทย").map(\.id)) == ["th-pt"])
        #expect(try Set(s.search("พรรค").map(\.id)) == ["th-dem", "th-pt"])
        #expect(try s.search("国民党").isEmpty)
    }

    @Test func wordsInOtherScripts_areStillMatchedByWord() throws {
        let s = try Self.store()
        #expect(try s.search("kommunist").map(\.id) == ["ucpa"])
        #expect(try s.search("ommunist").isEmpty)
    }

    @Test func theTrigramIndex_followsTheWordIndex_inTheSameTransaction_forNamesWithoutSpaces() throws {
        let s = try Self.store()
        #expect(try s.refreshSearchIndex() == 7)
        func rowids(_ table: String) throws -> [Int64] { try s.writer.read { db in try Int64.fetchAll(db, sql: "SELECT rowid FROM \(table) ORDER BY rowid") } }
        let ucpa = try s.writer.read { db in try Int64.fetchOne(db, sql: "SELECT pid FROM party WHERE id = 'ucpa'") }
        #expect(try rowids("search").filter { $0 != ucpa } == rowids("search_trigram"))   // ucpa's names are spaced
        try s.applyEdits(time: 2) { w in
            try w.apply(Edit(party: "cn-ccp", action: .delete))
            try w.apply(Edit(party: "jp-jcp", field: "name", action: .set(.text("日本共产党"))))
        }
        #expect(try s.search("共产党").map(\.id) == ["jp-jcp"])
        #expect(try rowids("search").filter { $0 != ucpa } == rowids("search_trigram"))
        try s.checkInvariants()
    }
}
