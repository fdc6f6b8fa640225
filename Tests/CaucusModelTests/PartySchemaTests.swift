import CaucusModel
import CaucusSchema
import Foundation
import Testing

@Suite struct PartySchemaTests {
    let schema = PartySchema.standard

    @Test func schemaFile_declaresEveryFieldOfTheWorkload() {
        for name in ["name", "name_other", "abbreviation", "name_english", "country", "founded", "dissolved", "registered",
                     "colour", "position", "ideology", "newspaper", "headquarters", "leader", "membership", "vote_share",
                     "vote_share_year", "wikipedia", "website", "description", "split_from", "member_of"] {
            #expect(schema.field(name) != nil, "missing field \(name)")
        }
        #expect(schema.field("ideology")!.isSet && schema.field("member_of")!.isSet)
        #expect(!schema.field("membership")!.isSet)
    }

    @Test func standardSchema_hasWhatFoundationReadsInTheFile() throws {
        // The file read by an independent JSON reader, field by field.
        let file = try JSONSerialization.jsonObject(with: Data(SchemaFiles.partySchema)) as! [String: Any]
        let fields = file["fields"] as! [[String: Any]]
        #expect(schema.version == file["version"] as? Int)
        #expect(schema.idHelp == (file["id"] as! [String: Any])["help"] as? String)
        #expect(schema.fields.map(\.name) == fields.map { $0["name"] as! String })
        for (def, f) in zip(schema.fields, fields) {
            #expect(def.type.rawValue == f["type"] as? String)
            #expect(def.help == f["help"] as? String)
            #expect(def.isSet == (f["set"] as? Bool ?? false))
            #expect(def.choices == (f["choices"] as? [String] ?? []))
            #expect(def.maxLength == (f["max_length"] as? Int ?? 10_000))
        }
    }

    static let minimalSchema = #"{"version": 1, "id": {"help": "an id"}, "fields": [FIELDS]}"#

    func schemaFile(fields: String) -> [UInt8] { Array(Self.minimalSchema.replacingOccurrences(of: "FIELDS", with: fields).utf8) }

    @Test func schemaWithOptionalKeys_readsThem() throws {
        let read = try PartySchema(json: schemaFile(fields: #"""
            {"name": "p", "type": "choice", "choices": ["a", "b"], "set": true, "max_length": 5, "help": "h"}, {"name": "q", "type": "year", "help": ""}
            """#))
        let p = try #require(read.field("p")), q = try #require(read.field("q"))
        #expect(read.fields.map(\.name) == ["p", "q"])
        #expect(p.type == .choice && p.choices == ["a", "b"] && p.isSet && p.maxLength == 5 && p.help == "h")
        #expect(q.type == .year && q.choices.isEmpty && !q.isSet && q.maxLength == 10_000 && q.help.isEmpty)
    }

    @Test(arguments: [
        (#"{"name": "p", "type": "colour-ish", "help": "h"}"#, PartySchemaError.unknownFieldType(field: "p", type: "colour-ish")),
        (#"{"name": "p", "help": "h"}"#, .missingKey("fields[0].type")),
        (#"{"name": "p", "type": "text", "help": "h", "set": "yes"}"#, .wrongKind(key: "fields[0].set", expected: "true or false", got: "a string")),
        (#"{"name": "p", "type": "text", "help": "h", "max_length": 1.5}"#, .wrongKind(key: "fields[0].max_length", expected: "a whole number", got: "a number")),
        (#"{"name": "p", "type": "choice", "help": "h", "choices": ["a", 2]}"#, .wrongKind(key: "fields[0].choices[1]", expected: "a string", got: "a number")),
        (#"{"name": "p", "type": "text", "help": "h"}, {"name": "p", "type": "year", "help": "h"}"#, .duplicateField("p")),
        (#""p""#, .wrongKind(key: "fields[0]", expected: "an object", got: "a string")),
    ])
    func malformedSchema_isRefused_sayingWhatIsWrong(fields: String, expected: PartySchemaError) {
        let error = #expect(throws: PartySchemaError.self) { try PartySchema(json: schemaFile(fields: fields)) }
        #expect(error == expected)
    }

    @Test func schemaThatIsNotJSON_isRefused_sayingWhere() {
        let error = #expect(throws: PartySchemaError.self) { try PartySchema(json: Array(#"{"version": 1,}"#.utf8)) }
        #expect(error?.description == "the party schema is not valid JSON: expected a string key at byte 14")
        let missing = #expect(throws: PartySchemaError.self) { try PartySchema(json: Array(#"{"version": 1, "fields": []}"#.utf8)) }
        #expect(missing?.description == "the party schema has no id")
    }

    @Test func badMembership_saysWhatWasExpected() {
        let error = #expect(throws: ValueError.self) { try schema.field("membership")!.check(.text("seven thousand")) }
        #expect(error?.description == #"membership must be a whole number ≥ 0, got "seven thousand""#)
    }

    @Test(arguments: [
        ("membership", FactValue.text("7000"), FactValue.integer(7000)),
        ("membership", .real(7000), .integer(7000)),
        ("vote_share", .integer(8), .real(8)),
        ("vote_share", .real(8.3), .real(8.3)),
        ("founded", .integer(1993), .integer(1993)),
        ("colour", .text("#CC0000"), .text("#CC0000")),
        ("colour", .text("Red"), .text("Red")),
        ("position", .text("far-left"), .text("far-left")),
        ("country", .text("AZE"), .text("AZE")),
        ("website", .text("https://example.org/x"), .text("https://example.org/x")),
        ("split_from", .text("pf-6641"), .text("pf-6641")),
    ])
    func goodValues_areAcceptedInCanonicalForm(field: String, given: FactValue, stored: FactValue) throws {
        #expect(try schema.field(field)!.check(given) == stored)
    }

    @Test(arguments: [
        ("membership", FactValue.integer(-1)), ("vote_share", .real(100.5)), ("founded", .integer(99)),
        ("colour", .text("#12345")), ("position", .text("leftish")), ("country", .text("Aze")),
        ("website", .text("example.org")), ("split_from", .text("Not An Id")), ("name", .text("")),
        ("name", .integer(3)), ("leader", .text("a\u{0}b")),
    ])
    func badValues_areRefused(field: String, value: FactValue) {
        #expect(throws: ValueError.self) { try schema.field(field)!.check(value) }
    }

    @Test func unknownField_getsSuggestions() {
        #expect(schema.suggestions(for: "membershp").first == "membership")
        #expect(schema.suggestions(for: "ideologies").contains("ideology"))
    }

    @Test(arguments: ["ucpa", "pf-6641", "a.b_c-1", "new-alice-12"])
    func validPartyIDs_areAccepted(id: String) { #expect(PartySchema.isValidPartyID(id)) }

    @Test(arguments: ["", "UCPA", "-x", "a b", String(repeating: "a", count: 65), "ü"])
    func invalidPartyIDs_areRefused(id: String) { #expect(!PartySchema.isValidPartyID(id)) }
}
