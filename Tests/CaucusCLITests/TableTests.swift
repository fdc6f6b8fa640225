@testable import CaucusCLI
import Foundation
import Testing

/// Table layout.
@Suite struct TableTests {
    @Test func wideCharactersAndColourCodes_areMeasuredAsATerminalShowsThem() {
        #expect(Table.visibleWidth("abc") == 3)
        #expect(Table.visibleWidth("日本共産党") == 10)
        #expect(Table.visibleWidth("더불어민주당") == 12)
        #expect(Table.visibleWidth("\u{1B}[31mdeleted\u{1B}[0m") == 7)
        #expect(Table.visibleWidth("Azərbaycan") == 10)
        #expect(Table.visibleWidth("حزب الوفد") == 9)
        var t = Table(["ID", "NAME", "COUNTRY"])
        t.add(["jcp", "日本共産党", "JPN"])
        t.add(["x", "Abc", "DEU"])
        let lines = t.render()
        #expect(lines[1] == "jcp  日本共産党  JPN")
        #expect(lines[2] == "x    Abc         DEU")
    }

    @Test func asciiText_isMeasuredAsItsCharacters_withCRLFAsOne() {
        // The byte-by-byte path for ASCII gives what counting Characters gives.
        for text in ["", "a\r\nb", "\r\n\r\n", "\n\r", "tab\there", "\u{1B}[1mbold\u{1B}[0m x", "\u{1B}[31m", "m\u{1B}[2mdim\r\n"] {
            let characters = text.replacingOccurrences(of: "\u{1B}[1m", with: "").replacingOccurrences(of: "\u{1B}[0m", with: "")
                .replacingOccurrences(of: "\u{1B}[2m", with: "").replacingOccurrences(of: "\u{1B}[31m", with: "").count
            #expect(Table.visibleWidth(text) == characters, "\(text.debugDescription)")
        }
    }
}

extension TableTests {
    @Test func lineBreaksInACell_areMarked_andTheRowStaysOneLine() {
        var t = Table(["A", "B"])
        t.add(["x\ny", "p\r\nq"])
        #expect(t.render()[1] == "x ↵ y  p\r ↵ q")
        #expect(Table.isClipped("x\ny") && Table.isClipped("p\r\nq") && !Table.isClipped("pq"))
    }
}
