import CaucusCore
import CaucusSync
import CaucusTestSupport
import PropertyBased
import Testing

/// Edit lines are read by the one JSON parser: a line is refused for what any JSON input is
/// refused for, and then for not being one flat edit object.
@Suite struct EditLineTests {
    func parse(_ line: String) throws -> Edit { try EditLine.parse(Array(line.utf8)) }

    @Test func aWellFormedLine_isAnEdit() throws {
        let edit = try parse(#"{"op":"set","party":"ucpa","field":"membership","value":7000,"source":"party's own figure","as_of":"2005"}"#)
        #expect(edit == Edit(party: "ucpa", field: "membership", action: .set(.integer(7000)), source: "party's own figure", asOf: "2005"))
    }

    @Test func anElectionResult_isAClaimOfAnObjectValue() throws {
        let edit = try parse(#"""
            {"op":"claim","party":"ucpa","field":"election_result","value":{"election":"2005 parliamentary","year":2005,"constituency":"District 12","share":8.3,"place":2},"source":"CEC"}
            """#)
        let result = FactObject([("election", .text("2005 parliamentary")), ("year", .integer(2005)), ("constituency", .text("District 12")),
                                 ("share", .real(8.3)), ("place", .integer(2))])!
        #expect(edit == Edit(party: "ucpa", field: "election_result", action: .claim(.object(result)), source: "CEC"))
    }

    @Test(arguments: [
        (#"{"op":"set","party":"ucpa","field":"membership","value":01}"#, "not a JSON object: expected ',' or a closing bracket at column 58"),
        (#"{"op":"set","op":"add"}"#, "not a JSON object: the key \"op\" appears twice at column 13"),
        (#"{"op":"set","party":"ucpa","field":"membership","value":7000} x"#, "not a JSON object: text after the JSON value at column 63"),
        (#"{"op":"set","party":5}"#, "\"party\" must be a string"),
        (#"{"op":"set","party":"ucpa","colour":"red"}"#, "unknown key \"colour\""),
        (#"{"op":"set","party":"ucpa","field":"name","value":[1]}"#, "unsupported value (only strings, numbers, flat objects of those, and null)"),
        (#"{"op":"claim","party":"ucpa","field":"election_result","value":{"election":"2005","seats":[3]}}"#,
         #""value": the member "seats" is an array; an object value's members are strings and numbers"#),
        (#"{"op":"claim","party":"ucpa","field":"election_result","value":{"share":{"value":8.3}}}"#,
         #""value": the member "share" is an object; an object value's members are strings and numbers"#),
        (#"{"op":"claim","party":"ucpa","field":"election_result","value":{"place":null}}"#,
         #""value": the member "place" is null; an object value's members are strings and numbers"#),
        (#"{"op":"claim","party":"ucpa","field":"election_result","value":{"place":2,"place":3}}"#,
         "not a JSON object: the key \"place\" appears twice at column 75"),
        (#"["op"]"#, "not a JSON object: expected an object at column 1"),
    ])
    func aLineThatIsNotOneFlatEditObject_isRefusedWithTheReason(line: String, message: String) {
        let problem = #expect(throws: EditLine.Problem.self) { try parse(line) }
        #expect(problem?.message == message)
    }

    /// Any bytes, above all a valid line with some of its bytes changed, are an edit or a
    /// ``EditLine/Problem``: never a trap, never another error.
    @Test func anyBytes_areAnEditOrAProblem() async {
        let valid = Array(#"{"op":"set","party":"ucpa","field":"leader","value":"Rauf G\u00fcrbanov","source":"Kommunist","as_of":"2005-03"}"#.utf8)
        let alphabet: [UInt8] = Array(#"{}[]":,\-+.0123456789eEtrufalsn "#.utf8) + [0x00, 0x1F, 0x7F, 0xC3, 0xA9, 0xED, 0xA0, 0xFF]
        #expect((try? EditLine.parse(valid))?.action == .set(.text("Rauf G\u{fc}rbanov")))
        await propertyCheck(count: 2000, input: Gen.int(in: 0...(valid.count - 1)).array(of: 1...6), Gen.int(in: 0...(alphabet.count - 1)).array(of: 1...6)) { positions, bytes in
            var line = valid
            for (p, b) in zip(positions, bytes) { line[p] = alphabet[b] }
            recordingErrors {
                do { _ = try EditLine.parse(line) } catch is EditLine.Problem {}
            }
        }
    }
}
