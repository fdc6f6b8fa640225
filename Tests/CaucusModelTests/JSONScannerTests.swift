import CaucusModel
import Foundation
import Testing

@Suite struct JSONScannerTests {
    func read(_ text: String) throws -> JSONValue { try JSONScanner.value(of: Array(text.utf8)) }

    @Test func everyKindOfValue_isRead() throws {
        let value = try read(#" {"a": [1, -2, 0.5, 1e3, -0, true, false, null], "b": {}, "c": [], "d": "x"} "#)
        #expect(value == .object([
            "a": .array([.integer(1), .integer(-2), .real(0.5), .real(1000), .integer(0), .bool(true), .bool(false), .null]),
            "b": .object([:]), "c": .array([]), "d": .string("x"),
        ]))
    }

    @Test func stringEscapes_areDecoded_includingSurrogatePairs() throws {
        #expect(try read(#""\" \\ \/ \b \f \n \r \t \u00e9 \u4E2D \ud83d\ude00""#)
            == .string("\" \\ / \u{8} \u{C} \n \r \t é 中 😀"))
        #expect(try read("\"Afğān ټولنپال\"") == .string("Afğān ټولنپال"))
    }

    @Test func integerTooLargeForInt64_isReadAsAReal() throws {
        #expect(try read("9223372036854775807") == .integer(.max))
        #expect(try read("9223372036854775808") == .real(9223372036854775808))
    }

    @Test(arguments: [
        ("", JSONReadError.Problem.unexpectedEnd), ("{", .unexpectedEnd), (#"{"a":1,}"#, .expectedKey), ("[1,]", .unexpectedCharacter),
        (#"{"a" 1}"#, .expectedColon), ("[1 2]", .expectedCommaOrEnd), (#"{"a":1,"a":2}"#, .duplicateKey("a")),
        ("01", .textAfterValue), ("1.", .unexpectedEnd), ("1.e5", .badNumber), ("-", .unexpectedEnd), ("+1", .unexpectedCharacter),
        ("1e999", .badNumber), (#""\x""#, .badEscape), (#""\u12""#, .badEscape), (#""\ud83d""#, .loneSurrogate),
        (#""\ude00""#, .loneSurrogate), ("\"a\u{1}b\"", .controlCharacter), ("\"abc", .unexpectedEnd), ("tru", .unexpectedCharacter),
        ("nul", .unexpectedCharacter), ("{} {}", .textAfterValue), ("'a'", .unexpectedCharacter), ("NaN", .unexpectedCharacter),
        (String(repeating: "[", count: 65) + String(repeating: "]", count: 65), .tooDeep),
    ])
    func malformedJSON_isRefusedWithTheProblem(text: String, problem: JSONReadError.Problem) {
        let error = #expect(throws: JSONReadError.self) { try read(text) }
        #expect(error?.problem == problem, "\(text)")
    }

    @Test func invalidUTF8_isRefused() throws {
        // Without an escape (read in place) and with one (copied byte by byte).
        for bytes: [UInt8] in [[0x22, 0xC3, 0x28, 0x22], [0x22, 0x5C, 0x6E, 0xC3, 0x28, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22]] {
            let error = #expect(throws: JSONReadError.self) { try JSONScanner.value(of: bytes) }
            #expect(error?.problem == .invalidUTF8, "\(bytes)")
        }
        #expect(try JSONScanner.value(of: Array("\"Azərbaycan \\\"Kommunist\\\" ☭\"".utf8)) == .string("Azərbaycan \"Kommunist\" ☭"))
        #expect(try JSONScanner.value(of: Array("\"Azərbaycan ☭\"".utf8)) == .string("Azərbaycan ☭"))
    }

    @Test func nestingUpToTheLimit_isRead() throws {
        let depth = JSONScanner.maxDepth
        let value = try read(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        #expect(value != .null)
    }

    @Test func error_saysWhereTheProblemIs() {
        let error = #expect(throws: JSONReadError.self) { try read(#"{"a": [1, 2 3]}"#) }
        #expect(error?.description == "expected ',' or a closing bracket at byte 12")
    }
}

/// The pull side of ``JSONScanner``: a reader takes the values it expects, in place.
@Suite struct JSONScannerPullTests {
    @Test func aFlatObject_isReadKeyByKey_andUnreadValuesAreSkipped() throws {
        let text = Array(#" {"op": "set", "skip": {"a": [1, {"b": null}]}, "value": 7000} "#.utf8)
        let (op, value) = try JSONScanner.scan(text) { json in
            var op = "", value: JSONValue = .null
            try json.readObject { key, json in
                switch key {
                case "op": op = try json.readString()
                case "value": value = try json.readNumber()
                default: break
                }
            }
            return (op, value)
        }
        #expect(op == "set" && value == .integer(7000))
    }

    @Test(arguments: [#"{"value":01}"#, #"{"value":1.}"#, #"{"a":1,"a":2}"#, #"{"a":1} x"#, #"{"a":1"#, "[1,]"])
    func aTextTheTreeReaderRefuses_isRefusedWhenPulled_too(text: String) {
        #expect(throws: JSONReadError.self) { try JSONScanner.value(of: Array(text.utf8)) }
        #expect(throws: JSONReadError.self) {
            try JSONScanner.scan(Array(text.utf8)) { json in
                if json.peek() == .array { try json.readArray { _ in } } else { try json.readObject { _, _ in } }
            }
        }
    }

    @Test func aValueOfAnotherKind_isAMismatch_namingWhatWasExpected() {
        let error = #expect(throws: JSONReadError.self) {
            try JSONScanner.scan(Array(#"{"op": 5}"#.utf8)) { json in try json.readObject { _, json in _ = try json.readString() } }
        }
        #expect(error?.problem == .unexpectedKind(expected: "a string"))
        #expect(error?.offset == 7)
    }

    @Test func nestingDeeperThanTheLimit_isRefused_whenPulled() {
        let text = Array((String(repeating: "[", count: JSONScanner.maxDepth + 1) + String(repeating: "]", count: JSONScanner.maxDepth + 1)).utf8)
        func nest(_ json: inout JSONScanner) throws { try json.readArray { try nest(&$0) } }
        let error = #expect(throws: JSONReadError.self) { try JSONScanner.scan(text) { try nest(&$0) } }
        #expect(error?.problem == .tooDeep)
    }
}
