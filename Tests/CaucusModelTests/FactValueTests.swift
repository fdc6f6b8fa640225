import CaucusModel
import Testing

/// ``FactValue``'s one equality rule: the same canonical JSON text.
@Suite struct FactValueTests {
    @Test(arguments: [
        (FactValue.integer(12), FactValue.real(12.0)),
        (.text("12"), .integer(12)),
        (.text("e\u{301}"), .text("\u{e9}")),
        (.real(0.0), .real(-0.0)),
        (.real(8.3), .real(8.299999999999999)),
    ])
    func valuesWithDifferentJSONText_areDifferent(a: FactValue, b: FactValue) {
        #expect(!a.json.utf8.elementsEqual(b.json.utf8))
        #expect(a != b)
        #expect(Set([a, b]).count == 2)
    }

    @Test func valuesWithTheSameJSONText_areEqual_andHashAlike() {
        let pairs: [(FactValue, FactValue)] = [(.text("Kommunist"), .text("Kommunist")), (.integer(7000), .integer(7000)), (.real(8.3), .real(8.3))]
        for (a, b) in pairs {
            #expect(a == b && a.hashValue == b.hashValue)
        }
    }

    @Test func order_isTheOrderOfTheJSONTextsBytes() {
        let values: [FactValue] = [.text("b"), .integer(12), .text("a"), .real(12.0), .text("É"), .integer(5)]
        #expect(values.canonicallySorted().map(\.json) == values.map(\.json).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect([FactValue.text("a"), .text("a")].canonicallySorted() == [.text("a")])
    }
}
