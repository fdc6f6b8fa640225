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

/// Object values (``FactObject``) keep the one equality rule: an object is its canonical JSON text,
/// keys in byte order with no spaces, however it was written.
@Suite struct FactObjectTests {
    func read(_ json: String) throws -> FactValue { .object(try FactObject(json: Array(json.utf8))) }

    @Test func keyOrderAndSpaces_inTheInput_doNotMatter_andTheTextIsCanonical() throws {
        let a = try read(#"{"year":2005, "election":"2005 parliamentary","constituency":"District 12","share":8.3,"place":2}"#)
        let b = try read(#"{ "place" : 2, "share": 8.3, "constituency": "District 12", "election": "2005 parliamentary", "year": 2005 }"#)
        #expect(a == b && a.hashValue == b.hashValue)
        #expect(a.json == #"{"constituency":"District 12","election":"2005 parliamentary","place":2,"share":8.3,"year":2005}"#)
        #expect(try read(a.json) == a)
    }

    @Test func numbersThatReadAsTheSameDouble_areTheSameMember_butAWholeNumberIsNotADecimal() throws {
        #expect(try read(#"{"share":8.3}"#) == read(#"{"share":8.30}"#))
        #expect(try read(#"{"share":8.30}"#).json == #"{"share":8.3}"#)
        #expect(try read(#"{"place":2}"#) != read(#"{"place":2.0}"#))
        #expect(try Set([read(#"{"place":2}"#), read(#"{"place":2.0}"#)]).count == 2)
    }

    @Test func keysAndTextCompareByTheirBytes() throws {
        #expect(try read(#"{"é":1}"#) != read("{\"e\u{301}\":1}"))
        #expect(try read(#"{"a":"é"}"#) != read("{\"a\":\"e\u{301}\"}"))
        #expect(try read(#"{"a":"\u00e9"}"#) == read(#"{"a":"é"}"#))
    }

    @Test func objects_sortAmongOtherValues_byTheirJSONText() throws {
        let values: [FactValue] = [try read(#"{"b":1}"#), .text("a"), try read(#"{"a":2}"#), .integer(12)]
        #expect(values.canonicallySorted().map(\.json) == ["\"a\"", "12", #"{"a":2}"#, #"{"b":1}"#])
    }

    @Test func anObjectOfNestedOrRepeatedOrNonFiniteMembers_cannotBeMade() {
        #expect(FactObject([("a", .integer(1)), ("a", .integer(2))]) == nil)
        #expect(FactObject([("a", .object(FactObject([("b", .integer(1))])!))]) == nil)
        #expect(FactObject([("a", .real(.infinity))]) == nil)
        #expect(FactObject([("b", .integer(1)), ("a", .text("x"))])?.keys == ["a", "b"])
    }

    @Test(arguments: [
        (#"{"a":{"b":1}}"#, "a", JSONValue.Kind.object), (#"{"a":1,"seats":[3]}"#, "seats", .array),
        (#"{"place":null}"#, "place", .null), (#"{"x":true}"#, "x", .bool),
    ])
    func aMemberThatIsNotTextOrANumber_isRefused_byName(json: String, key: String, kind: JSONValue.Kind) {
        let error = #expect(throws: FactObjectError.self) { try read(json) }
        #expect(error == .unsupportedMember(key: key, kind: kind))
    }

    @Test func aRepeatedKey_orNotAnObject_isRefusedByTheScanner() {
        let repeated = #expect(throws: JSONReadError.self) { try read(#"{"a":1,"\u0061":2}"#) }
        #expect(repeated?.problem == .duplicateKey("a"))
        let notObject = #expect(throws: JSONReadError.self) { try read("[1]") }
        #expect(notObject?.problem == .unexpectedKind(expected: "an object"))
    }

    @Test func description_listsTheMembersInCanonicalOrder() throws {
        #expect(try read(#"{"share":8.3,"election":"2005 parliamentary","place":2}"#).description == "election: 2005 parliamentary, place: 2, share: 8.3")
    }
}
